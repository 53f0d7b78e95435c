import type { Messages } from "../en";

export const retention: Messages["retention"] = {
  warningSubject: "Dans une semaine, les signataires de « {campaign} » seront anonymisés",
  warningBody:
    "{organization} conserve les coordonnées des signataires pendant {months, plural, one {# mois} other {# mois}} après la fin d’une campagne.\n\nLe {date}, les noms, adresses courriel, codes postaux, commentaires et lettres des signataires de « {campaign} » seront effacés définitivement. Les totaux et les chiffres par circonscription sont conservés.\n\nSi la politique de votre organisation vous permet d’en garder une copie, exportez-la avant cette date :\n{url}\n\nUn ou une propriétaire peut modifier la durée de conservation dans les paramètres de l’organisation.",
  deliverThenDeleteNotice: "Les lettres aux députés sont effacées dès que le bureau les a reçues, avec les coordonnées de leur auteur.",
  dashboardKept: "Les noms, adresses, codes postaux, commentaires et lettres des signataires sont conservés {months, plural, one {# mois} other {# mois}} après la clôture de la campagne, puis effacés ; les totaux restent.",
  dashboardDue: "Les noms, adresses, codes postaux, commentaires et lettres des signataires seront effacés le {date} ; les totaux restent. Exportez-les avant cette date si la politique de votre organisme le permet.",
  dashboardDone: "Les coordonnées des signataires ont été anonymisées le {date} ; les totaux et les chiffres par circonscription restent.",
  dashboardDeliverThenDelete: "Livrer puis effacer : chaque lettre et les coordonnées de son auteur sont effacées dès que le bureau l’a reçue.",
};
