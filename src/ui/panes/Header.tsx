// The top line: context, namespace, counts, and the connection's health at a glance.
import React from 'react';
import { Text } from 'ink';
import { useSelector, useTheme } from '../StoreProvider.js';
import { fit } from '../format.js';

export function Header({ width }: { width: number }) {
  const theme = useTheme();
  const info = useSelector((s) => s.session.info);
  const wanted = useSelector((s) => s.session.wanted);
  const nodes = useSelector((s) => s.nodes.order.length);
  const pods = useSelector((s) => s.pods.order.length);
  const readonly = useSelector((s) => s.session.readonly);
  const forwards = useSelector((s) => s.services.forwards.filter((f) => f.state !== 'stopped').length);
  const failing = useSelector((s) => s.session.watches.pods.state === 'failed' || s.session.watches.nodes.state === 'failed');
  const scope = info?.scope ?? wanted.scope;
  const ns = scope ? (scope.all ? 'all' : scope.namespace) : '…';
  const left = ` podnet  ctx ${info?.context ?? wanted.context}  ns ${ns}  ${nodes} node${nodes === 1 ? '' : 's'}  ${pods} pod${pods === 1 ? '' : 's'}${forwards ? `  ${forwards} forward${forwards === 1 ? '' : 's'}` : ''}`;
  const flags = `${readonly ? '  readonly' : ''}`;
  const state = failing ? '  ⚠ reconnecting' : '';
  const right = '? help ';
  const pad = Math.max(1, width - left.length - flags.length - state.length - right.length);
  return (
    <Text wrap="truncate">
      <Text {...theme.header}>{left}</Text>
      <Text {...theme.flash.warn}>{flags}</Text>
      <Text {...theme.flash.error}>{state}</Text>
      <Text>{fit('', pad)}</Text>
      <Text dimColor>{right}</Text>
    </Text>
  );
}
