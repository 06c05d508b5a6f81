-- Schema 7 of the document (src/core/store/migrations.ts): join requests (a new collection, empty
-- here), time-boxed memberships, projects that require MFA and invitations with a membership
-- lifetime (optional fields), and the Slack events handled (`slackEvents`, a new collection). Entries are rows of kbc_entries and their indexes rows of kbc_index
-- whatever the collection, so no table changes. The version still moves: it keeps a program of
-- version 3 from delivering outbox kinds it does not know (join-request.*) or letting a member
-- whose membership ended keep reading the project.
SELECT 1;
