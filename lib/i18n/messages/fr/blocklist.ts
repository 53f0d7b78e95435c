import type { Messages } from "../en";

export const blocklist: Messages["blocklist"] = {
  title: "Liste de blocage",
  intro: "Les signatures venant de ces domaines de courriel (et de leurs sous-domaines) ou de ces plages d’adresses IP ne sont pas refusées : la personne voit les pages habituelles, mais la signature est signalée, n’est pas comptée et attend dans la file de modération de chaque campagne, avec la raison.",
  own: "Entrées de cette organisation",
  empty: "La liste de blocage est vide.",
  global: "Entrées de la plateforme",
  globalIntro: "Définies par la plateforme pour toutes les organisations ; elles ne peuvent pas être retirées ici.",
  kindHeading: "Type",
  kind: {
    ip_range: "Plage IP",
    email_domain: "Domaine de courriel",
  },
  value: "Valeur",
  reason: "Raison",
  added: "Ajoutée le",
  addedBy: "Ajoutée par",
  actions: "Actions",
  unknownUser: "—",
  remove: "Retirer",
  removeLabel: "Retirer {value} de la liste de blocage",
  addHeading: "Ajouter une entrée",
  kindLabel: "Type",
  valueLabel: "Domaine de courriel ou plage IP",
  valueHint: "Un domaine comme spam.example (ses sous-domaines sont aussi bloqués), ou une plage IP comme 203.0.113.0/24 ou 2001:db8::/48. Les plages plus larges que /8 (IPv4) ou /32 (IPv6) sont refusées.",
  reasonLabel: "Raison (facultative)",
  reasonHint: "Pour vos collègues : pourquoi cette entrée a été ajoutée.",
  addButton: "Ajouter à la liste de blocage",
  addedOk: "{value} a été ajouté à la liste de blocage.",
  removedOk: "{value} a été retiré de la liste de blocage.",
  notFound: "Cette entrée n’existe plus : rien n’a été modifié.",
  errors: {
    blocklist: {
      kind: {
        invalid: "Choisissez domaine de courriel ou plage IP.",
      },
      value: {
        required: "Saisissez un domaine de courriel ou une plage IP.",
        invalid: "Cette valeur est trop longue.",
      },
      reason: {
        tooLong: "La raison doit faire moins de 300 caractères.",
      },
      ipRange: {
        invalid: "Saisissez une plage IP comme 203.0.113.0/24 ou 2001:db8::/48.",
        tooWide: "Cette plage est trop large : au plus /8 en IPv4 et /32 en IPv6.",
      },
      emailDomain: {
        invalid: "Saisissez un domaine comme spam.example (sans le nom ni le @).",
      },
    },
    duplicate: "Cette entrée figure déjà sur la liste de blocage.",
    generic: "Une erreur s’est produite : rien n’a été modifié. Veuillez réessayer.",
  },
  queuePager: {
    label: "Pages de la file de modération",
    range: "Signatures {from} à {to} sur {count}.",
  },
};
