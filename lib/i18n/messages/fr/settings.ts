import type { Messages } from "../en";

export const settings: Messages["settings"] = {
  title: "Paramètres de l’organisation",
  intro: "La façon dont votre organisation apparaît sur ses pages de campagne. Seuls les propriétaires peuvent modifier ces paramètres ; chaque modification est inscrite au journal d’audit.",
  nameLabel: "Nom",
  nameHint: "Tel que les signataires et les bureaux des députés le verront.",
  contactLabel: "Adresse de contact (facultative)",
  contactHint: "Affichée sur vos pages de campagne, pour que les signataires sachent à qui écrire au sujet d’une campagne ou de leurs données.",
  mailingAddressLabel: "Adresse postale (nécessaire pour envoyer des nouvelles)",
  mailingAddressHint: "L’adresse postale de votre organisation, imprimée au bas de chaque nouvelle envoyée aux signataires, comme l’exige la loi canadienne anti-pourriel. Plusieurs lignes sont acceptées.",
  embedSitesLabel: "Sites qui peuvent afficher vos formulaires de signature (facultatif)",
  embedSitesHint: "Une adresse par ligne, p. ex. https://partenaire.example. Seuls ces sites peuvent intégrer le formulaire de signature de vos campagnes ; laissez vide pour permettre tout site sécurisé (https).",
  localeLabel: "Langue de travail",
  localeHint: "Les nouvelles campagnes commencent dans cette langue ; vous pouvez ajouter l’autre dans l’éditeur.",
  logoLabel: "Logo (facultatif)",
  logoHint: "PNG, JPEG ou WebP, 100 ko au plus. Il est conservé et servi par ce site.",
  currentLogo: "Logo actuel",
  removeLogo: "Retirer le logo",
  save: "Enregistrer les paramètres",
  saved: "Paramètres enregistrés.",
  exportsHeading: "Exportations et anonymisation",
  approvalLabel: "Exiger l’approbation d’un deuxième propriétaire pour chaque exportation",
  approvalHint: "Chaque exportation est demandée, puis approuvée par un autre propriétaire ; la personne qui l’a demandée la télécharge ensuite une seule fois, dans les 24 heures. Activer cette règle exige au moins deux propriétaires ; la désactiver prend effet immédiatement, est consigné au journal d’audit, et chacun des autres propriétaires en est avisé par courriel.",
  retentionLabel: "Anonymiser les signataires ce nombre de mois après la fermeture d’une campagne",
  retentionHint: "Une fois ce nombre de mois écoulé (de 1 à 60) depuis la fermeture d’une campagne ou sa date de fin, les noms, adresses courriel, codes postaux, commentaires et lettres de ses signataires sont effacés définitivement, tandis que les totaux et les chiffres par circonscription restent.",
  exportsSave: "Enregistrer les choix d’exportation et d’anonymisation",
  exportsSaved: "Choix d’exportation et d’anonymisation enregistrés.",
  approvalTurnedOff: "L’approbation des exportations est désactivée. Les autres propriétaires en ont été avisés par courriel.",
  errors: {
    organization: {
      name: {
        required: "Saisissez le nom de l’organisation (au moins 2 caractères).",
        tooLong: "Le nom doit faire 120 caractères ou moins.",
      },
      mailingAddress: {
        tooLong: "L’adresse postale doit faire 300 caractères ou moins.",
      },
      embedSites: {
        invalid: "Saisissez chaque site sous forme d’adresse https, p. ex. https://partenaire.example.",
        tooMany: "Indiquez au plus 20 sites.",
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
    exportApproval: {
      needsTwoOwners: "L’approbation exige au moins deux propriétaires : nommez d’abord un autre membre propriétaire dans Membres.",
    },
    retention: {
      months: "Saisissez un nombre entier de mois, de 1 à 60.",
    },
    generic: "Une erreur s’est produite : rien n’a été modifié. Veuillez réessayer.",
  },
};
