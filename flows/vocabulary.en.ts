/**
 * English words citizens (and foreigners living in the commune) mix into their messages: DATA
 * only, merged with `VOCABULARY_VI` at load (messages are often half English: "cho e xin hotline").
 */
import type { Vocabulary } from "./text/lexicon.js";

export const VOCABULARY_EN: Vocabulary = {
  // No "u" → "you": a folded "u" is the Vietnamese "ừ" (yes).
  abbreviations: { pls: "please", plz: "please", thx: "thanks", ty: "thank you" },

  politeness: ["please", "me", "i", "i want to", "i would like to", "can you", "could you", "you", "sir", "madam"],

  choicePrefixes: ["option", "number", "choice"],

  negations: ["not", "no", "dont", "don t"],

  commands: {
    menu: ["main menu", "start", "home", "restart", "start over"],
    cancel: ["cancel", "stop", "quit", "exit", "abort"],
    help: ["help", "help me"],
    back: ["back", "go back", "previous", "previous step"],
  },

  intents: {
    dossier_question: ["application status", "my application", "my dossier", "check my application", "track my application"],
    report: ["report", "violation", "illegal construction", "encroachment", "complaint"],
    hours: ["opening hours", "office hours", "working hours", "when do you open", "open on saturday"],
    address: ["address", "where is", "location", "directions"],
    hotline: ["phone number", "phone", "contact number", "contact"],
    officer: ["officer", "staff", "human", "agent", "real person", "talk to someone"],
    greeting: ["hello", "hi", "hey", "good morning", "good afternoon", "good evening"],
    thanks: ["thanks", "thank you", "thank you very much", "many thanks"],
  },

  answers: {
    yes: ["yes", "yeah", "yep", "sure", "ok", "okay", "y", "correct", "right", "confirm"],
    no: ["no", "nope", "n", "not now", "wrong"],
    done: ["done", "finished", "that s all", "that is all", "nothing else"],
    submit: ["send", "submit", "send it"],
    edit: ["edit", "change", "fix", "modify"],
    anonymous: ["anonymous", "anonymously", "no name"],
  },
};
