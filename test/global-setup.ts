// Replaced by the database template setup (see test/db.ts).
export default async function setup(): Promise<void> {}
