import { z } from "zod";

/** The organisation profile: letterhead, label, closing mark, default place. */
export const organizationSchema = z.strictObject({
  name: z.string().min(1).max(200),
  unit: z.string().min(1).max(200),
  motto: z.string().max(200),
  label: z.string().min(1).max(100),
  closingMark: z.string().min(1).max(40),
  defaultPlace: z.string().min(1).max(200),
  photoLinksLabel: z.string().min(1).max(60),
  videoLinksLabel: z.string().min(1).max(60),
  /** Lines that PDFs of past bulletins repeat at page foot; dropped on import. */
  footerLines: z.array(z.string().max(200)).max(20),
});
export type Organization = z.infer<typeof organizationSchema>;
