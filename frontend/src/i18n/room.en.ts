// English messages of the room view; the keys are those of room.nl.ts.
import type { roomNl } from './room.nl';

export const roomEn: Record<keyof typeof roomNl, string> = {
  'room.hiddenInRoom': 'hidden in the room',
  'room.hiddenLegend': 'Hidden in the room: not everyone present may see it. The projector and the room screen show “Closed agenda item”.',
  'room.noAttendance': 'No attendance recorded yet: closed agenda items stay hidden.',
  'room.roomNote': 'Room view: only what every organisation present may see.',
  'room.onItem': 'On item {n}',
  'room.itemOf': 'Item {n} of {count}',

  'display.title': 'Room screen',
  'display.pairHeading': 'Pair this screen with a meeting',
  'display.pairHow': 'The chair enters this code on the meeting’s live board, under “Pair a room screen”.',
  'display.codeLabel': 'Pairing code',
  'display.codeExpires': 'Valid until {time}. A new code then appears by itself.',
  'display.ended': 'The meeting “{title}” has ended.',
  'display.endedNote': 'This screen no longer shows the meeting.',
  'display.newCode': 'New pairing code',
  'display.loading': 'Loading the screen…',
  'display.offline': 'No connection; the screen keeps trying.',
  'display.label': 'Room screen of {title}',

  'displays.heading': 'Pair a room screen',
  'displays.intro': 'Open {address} on the screen in the room and enter the code it shows. The screen then shows only what every organisation present may see.',
  'displays.code': 'The screen’s code',
  'displays.pair': 'Pair',
  'displays.paired': 'Screen paired.',
  'displays.none': 'No screen is paired yet.',
  'displays.listLabel': 'Paired screens',
  'displays.item': 'Screen {n}, paired at {time}',
  'displays.revoke': 'Unpair',
  'displays.revokeLabel': 'Unpair screen {n}',
  'displays.revoked': 'Screen {n} unpaired.',

  'event.display.paired': 'paired a room screen',
  'event.display.revoked': 'unpaired a room screen',
};
