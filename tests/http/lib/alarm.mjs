// The telealarm operators' side (issue 13, docs/ALARMS.md): a message
// signed as Standard Webhooks 1.0 says (HMAC-SHA256 of "id.timestamp.body"
// with the operator's secret, base64, "v1," before it), posted to
// POST /api/v1/alarms. Used by the HTTP and browser tests and the bench.
import { createHmac, randomUUID } from 'node:crypto';

export const DEMO_OPERATOR = 'teleassistance-demo';
export const DEMO_SECRET = 'maillage-demo-alarm-secret';

export function sign(secret, id, ts, body) {
  return 'v1,' + createHmac('sha256', secret).update(`${id}.${ts}.${body}`).digest('base64');
}

// The headers of one message; `ts` in Unix seconds (default now).
export function alarmHeaders(body, { id, ts = Math.floor(Date.now() / 1000),
  operator = DEMO_OPERATOR, secret = DEMO_SECRET, signature } = {}) {
  return {
    'content-type': 'application/json',
    'x-operator': operator,
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': signature ?? sign(secret, id, String(ts), body),
  };
}

// A trigger's body (fields overridable); event_id defaults to a new id.
export function trigger(fields = {}) {
  const now = new Date().toISOString();
  return {
    event_id: randomUUID(), correlation_key: 'inc-' + randomUUID(), action: 'trigger',
    subscriber_ref: 'TA48-0101', device_type: '0005', status: '0009', priority: 'high',
    location: 'Chambre', occurred_at: now, received_at: now, sent_at: now,
    callback_number: '04 66 00 00 01',
    assessment: { spoke_with_person: false, reached_network: false, reason: 'chute' },
    ...fields,
  };
}

// Posts `msg` (an object, or exact text with opts.id) signed; returns
// { status, json, text }.
export async function postAlarm(base, msg, opts = {}) {
  const body = typeof msg === 'string' ? msg : JSON.stringify(msg);
  const id = opts.id ?? (typeof msg === 'string' ? undefined : msg.event_id);
  const r = await fetch(base + '/api/v1/alarms', { method: 'POST',
    headers: { ...alarmHeaders(body, { ...opts, id }), ...(opts.headers || {}) }, body });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text, headers: r.headers };
}
