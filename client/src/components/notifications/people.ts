import { useQuery } from "@tanstack/react-query";
import { listPeople } from "../../api/endpoints";
import type { Person } from "../../api/notification-types";

/** The office's active users (GET /api/people), fetched once a minute at most. */
export function usePeople(enabled = true) {
  return useQuery({ queryKey: ["people"], queryFn: () => listPeople().then((page) => page.items), enabled, staleTime: 60_000 });
}

/** Who may be asked to review: reviewers and admins, never the bulletin's author. */
export function reviewerChoices(people: Person[], authorId: number): Person[] {
  return people
    .filter((person) => (person.role === "reviewer" || person.role === "admin") && person.id !== authorId)
    .sort((a, b) => a.name.localeCompare(b.name, "es"));
}
