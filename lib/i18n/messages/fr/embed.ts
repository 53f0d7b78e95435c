import type { Messages } from "../en";

/** Le formulaire de signature intégrable et son code (docs/decisions/0031-embeddable-sign-form.md). */
export const embed: Messages["embed"] = {
  readCampaign: "Lire toute la campagne (s’ouvre dans un nouvel onglet)",
  privacy: "Comment nous traitons vos données (s’ouvre dans un nouvel onglet)",
  sentBody: "Nous avons envoyé un message à l’adresse indiquée. Ouvrez le lien qu’il contient pour confirmer votre signature\u202f: il s’ouvre dans un nouvel onglet, où vous pourrez ensuite trouver votre député et lui écrire. Seules les signatures confirmées comptent.",
  signAgain: "Signer avec une autre adresse",
  snippet: {
    heading: "Intégrer à un autre site",
    intro: "Un partenaire peut afficher le formulaire de signature de cette campagne sur son propre site\u202f: collez ce code là où le formulaire doit apparaître. Les sympathisants signent dans le cadre, confirment par courriel, puis trouvent leur député et lui écrivent sur ce site. Les signatures faites là portent l’étiquette embed, ou celle que vous ajoutez à l’adresse du cadre avec le paramètre src.",
    code: "Code à coller",
    copy: "Copier le code",
    preview: "Voir le formulaire tel qu’un site partenaire l’affiche",
  },
};
