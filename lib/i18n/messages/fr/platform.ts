import type { Messages } from "../en";

export const platform: Messages["platform"] = {
  title: "Organisations de la plateforme",
  intro: "Ouvrez la plateforme à un nouveau groupe : l’organisation est créée aussitôt et sa première personne propriétaire reçoit par courriel une invitation valable 7 jours. Elle se connecte avec cette adresse et invite ensuite ses propres membres.",
  listHeading: "Organisations",
  name: "Nom",
  slug: "Adresse",
  members: "Membres",
  created: "Créée le",
  platformBadge: "plateforme",
  status: "État",
  active: "Active",
  suspendedSince: "Suspendue depuis le {date} : {reason}",
  reasonLabel: "Raison de la suspension de {name}",
  suspend: "Suspendre",
  reinstate: "Réintégrer",
  suspendedOk: "{name} est suspendue : ses campagnes sont cachées, ne recueillent plus de signatures, et ses lettres attendent.",
  reinstatedOk: "{name} est réintégrée.",
  notFound: "Cette organisation ne peut pas être modifiée ici : rien n’a été modifié.",
  newHeading: "Nouvelle organisation",
  nameLabel: "Nom",
  slugLabel: "Adresse web (slug)",
  slugHint: "Lettres minuscules, chiffres et traits d’union, comme dans /fr/org/votre-groupe. Elle ne pourra plus être modifiée.",
  localeLabel: "Langue de travail",
  ownerLabel: "Adresse courriel de la première personne propriétaire",
  ownerHint: "Elle reçoit l’invitation et gérera les membres de l’organisation.",
  create: "Créer l’organisation",
  created_ok: "{name} a été créée ; l’invitation a été envoyée à {email}.",
  created_noMail: "{name} a été créée, mais l’invitation n’a pas pu être envoyée : la personne peut tout de même se connecter avec {email}.",
  errors: {
    organization: {
      name: {
        required: "Saisissez le nom de l’organisation (au moins 2 caractères).",
        tooLong: "Le nom doit faire 120 caractères ou moins.",
      },
      slug: {
        invalid: "Utilisez de 3 à 60 lettres minuscules, chiffres et traits d’union, comme paix-prairies.",
        taken: "Cette adresse est déjà prise : choisissez-en une autre.",
      },
      locale: {
        invalid: "Choisissez l’anglais ou le français.",
      },
      suspension: {
        reason: "Donnez une raison de 3 à 300 caractères : les membres de l’organisation la liront.",
      },
    },
    email: {
      invalid: "Saisissez une adresse comme nom@example.org.",
    },
    generic: "Une erreur s’est produite : rien n’a été modifié. Veuillez réessayer.",
  },
};
