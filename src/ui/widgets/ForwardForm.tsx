// The services pane's one-line dialogs, drawn where the footer is while open: the expose
// confirmation (exactly what will be created, y/n) and the `F` forward form (local port, remote
// port, address; an address other than loopback in the warning colour).
import React from 'react';
import { Text } from 'ink';
import { useSelector, useTheme } from '../StoreProvider.js';
import { fit } from '../format.js';
import { exposeQuestion } from '../../state/servicesExpose.js';
import { FORM_FIELDS, isLoopback, targetText, type FormField } from '../../state/servicesModel.js';

const LABEL: Record<FormField, string> = { local: 'local port', remote: 'remote port', address: 'address' };

export function ServicesDialog({ width }: { width: number }) {
  const theme = useTheme();
  const dialog = useSelector((s) => s.services.dialog);
  if (!dialog) return null;
  if (dialog.kind === 'confirm') {
    const question = ` ${exposeQuestion(dialog.plan)} `;
    const keys = ' y/n ';
    return (
      <Text wrap="truncate">
        <Text {...theme.flash.warn}>{fit(question, Math.max(0, width - keys.length))}</Text>
        <Text {...theme.key}>{keys}</Text>
      </Text>
    );
  }
  const parts = FORM_FIELDS.map((f) => {
    const value = dialog.values[f];
    const shown = f === 'local' && value === '' ? 'auto' : value;
    const warn = f === 'address' && value !== '' && !isLoopback(value);
    return (
      <Text key={f}>
        <Text dimColor>{`  ${LABEL[f]} `}</Text>
        <Text {...(warn ? theme.flash.warn : {})} inverse={dialog.field === f}>{shown || ' '}</Text>
        {dialog.field === f ? <Text inverse> </Text> : null}
      </Text>
    );
  });
  const tail = dialog.error ?? '  tab next  enter start  esc cancel';
  return (
    <Text wrap="truncate">
      <Text {...theme.key}>{` forward ${targetText(dialog.target)}`}</Text>
      {parts}
      <Text {...(dialog.error ? theme.flash.error : { dimColor: true })}>{dialog.error ? `  ${tail}` : tail}</Text>
    </Text>
  );
}
