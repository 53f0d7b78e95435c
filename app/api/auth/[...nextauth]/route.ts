import { handlers } from "@/lib/organizer/auth";

export const { GET, POST } = handlers;
