import type { Messages } from "../en";

export const retention: Messages["retention"] = {
  warningSubject: "Dans une semaine, les signataires de « {campaign} » seront anonymisés",
  warningBody:
    "{organization} conserve les coordonnées des signataires pendant {months, plural, one {# mois} other {# mois}} après la fin d’une campagne.\n\nLe {date}, les noms, adresses courriel, codes postaux, commentaires et lettres des signataires de « {campaign} » seront effacés définitivement. Les totaux et les chiffres par circonscription sont conservés.\n\nSi la politique de votre organisation vous permet d’en garder une copie, exportez-la avant cette date :\n{url}\n\nUn ou une propriétaire peut modifier la durée de conservation dans les paramètres de l’organisation.",
  deliverThenDeleteNotice: "Les lettres aux députés sont effacées dès que le bureau les a reçues, avec les coordonnées de leur auteur.",
};
