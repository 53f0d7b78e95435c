/** A campaign's retention period: the owners' warning before its supporters are anonymised. */
export const retention = {
  warningSubject: "In a week, supporters of “{campaign}” will be anonymised",
  warningBody:
    "{organization} keeps supporters' details for {months, plural, one {# month} other {# months}} after a campaign ends.\n\nOn {date}, the names, email addresses, postal codes, comments and letters of the supporters of “{campaign}” will be erased for good. The counts and the figures by riding stay.\n\nIf your organization's policy allows you to keep a copy, export it before then:\n{url}\n\nAn owner can change the retention period in the organization's settings.",
  deliverThenDeleteNotice: "Letters to MPs are erased as soon as the office has them, with their writer's details.",
  dashboardKept: "Supporters' names, addresses, postal codes, comments and letters are kept {months, plural, one {# month} other {# months}} after the campaign closes, then erased; the counts stay.",
  dashboardDue: "Supporters' names, addresses, postal codes, comments and letters will be erased on {date}; the counts stay. Export before then if your organization's policy allows it.",
  dashboardDone: "Supporters' details were anonymised on {date}; the counts and the figures by riding stay.",
  dashboardDeliverThenDelete: "Deliver then delete: each letter and its writer's details are erased as soon as the office has it.",
};
