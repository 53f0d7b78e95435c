import type { Messages } from "../en";

export const settings: Messages["settings"] = {
  title: "Paramètres de l’organisation",
  intro: "La façon dont votre organisation apparaît sur ses pages de campagne. Seuls les propriétaires peuvent modifier ces paramètres ; chaque modification est inscrite au journal d’audit.",
  nameLabel: "Nom",
  nameHint: "Tel que les signataires et les bureaux des députés le verront.",
  contactLabel: "Adresse de contact (facultative)",
  contactHint: "Affichée sur vos pages de campagne, pour que les signataires sachent à qui écrire au sujet d’une campagne ou de leurs données.",
  localeLabel: "Langue de travail",
  localeHint: "Les nouvelles campagnes commencent dans cette langue ; vous pouvez ajouter l’autre dans l’éditeur.",
  logoLabel: "Logo (facultatif)",
  logoHint: "PNG, JPEG ou WebP, 100 ko au plus. Il est conservé et servi par ce site.",
  currentLogo: "Logo actuel",
  removeLogo: "Retirer le logo",
  save: "Enregistrer les paramètres",
  saved: "Paramètres enregistrés.",
  errors: {
    organization: {
      name: {
        required: "Saisissez le nom de l’organisation (au moins 2 caractères).",
        tooLong: "Le nom doit faire 120 caractères ou moins.",
      },
      locale: {
        invalid: "Choisissez l’anglais ou le français.",
      },
      logo: {
        tooLarge: "Le logo doit faire 100 ko ou moins.",
        type: "Le logo doit être une image PNG, JPEG ou WebP.",
      },
    },
    email: {
      invalid: "Saisissez une adresse comme contact@example.org.",
    },
    generic: "Une erreur s’est produite : rien n’a été modifié. Veuillez réessayer.",
  },
};
