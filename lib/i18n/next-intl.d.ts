import type { Messages } from "./catalogues";

/** Types every t("key") in the app against the English catalogue: a missing key is a compile error. */
declare module "next-intl" {
  interface AppConfig {
    Messages: Messages;
  }
}
