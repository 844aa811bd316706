// The votes feature: dots cast and retracted by participants (ballot.ts), read back and ranked
// (results.ts), mirrored into the board doc for everyone to see when shown (tally.ts). The rules
// (budget, cap per target) are the domain's (domain/voting.ts), shared with the phone.
export { castVote, retractVote, type Ballot } from './ballot.ts';
export { boardResults, myVotes, voteTargets } from './results.ts';
export { mirrorTallies, SERVER_ORIGIN } from './tally.ts';
