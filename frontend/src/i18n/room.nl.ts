// Dutch messages of the room view: the projector, the room's screen
// (/display) and pairing it from the live board; merged into nl.ts.
// English in room.en.ts, with the same keys (TypeScript checks that).
export const roomNl = {
  'room.hiddenInRoom': 'verborgen in de zaal',
  'room.hiddenLegend': 'Verborgen in de zaal: niet iedereen die aanwezig is mag dit zien. Projectie en zaalscherm tonen “Besloten agendapunt”.',
  'room.noAttendance': 'Nog geen aanwezigheid vastgelegd: besloten agendapunten blijven verborgen.',
  'room.roomNote': 'Zaalweergave: alleen wat alle aanwezige organisaties mogen zien.',
  'room.onItem': 'Bij punt {n}',
  'room.itemOf': 'Punt {n} van {count}',

  'display.title': 'Zaalscherm',
  'display.pairHeading': 'Koppel dit scherm aan een overleg',
  'display.pairHow': 'De voorzitter vult deze code in op het live bord van het overleg, onder “Zaalscherm koppelen”.',
  'display.codeLabel': 'Koppelcode',
  'display.codeExpires': 'Geldig tot {time}. Daarna verschijnt vanzelf een nieuwe code.',
  'display.ended': 'Het overleg “{title}” is afgelopen.',
  'display.endedNote': 'Dit scherm toont het overleg niet meer.',
  'display.newCode': 'Nieuwe koppelcode',
  'display.loading': 'Scherm wordt geladen…',
  'display.offline': 'Geen verbinding; het scherm probeert het opnieuw.',
  'display.label': 'Zaalscherm van {title}',

  'displays.heading': 'Zaalscherm koppelen',
  'displays.intro': 'Open {address} op het scherm in de zaal en vul de code in die het toont. Het scherm toont dan alleen wat alle aanwezige organisaties mogen zien.',
  'displays.code': 'Code van het scherm',
  'displays.pair': 'Koppelen',
  'displays.paired': 'Scherm gekoppeld.',
  'displays.none': 'Er is nog geen scherm gekoppeld.',
  'displays.listLabel': 'Gekoppelde schermen',
  'displays.item': 'Scherm {n}, gekoppeld om {time}',
  'displays.revoke': 'Ontkoppelen',
  'displays.revokeLabel': 'Scherm {n} ontkoppelen',
  'displays.revoked': 'Scherm {n} ontkoppeld.',

  'event.display.paired': 'koppelde een zaalscherm',
  'event.display.revoked': 'ontkoppelde een zaalscherm',
};
