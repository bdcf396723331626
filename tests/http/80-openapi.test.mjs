// The OpenAPI document is generated from the route tables: it must list
// exactly the routes the binary serves, with closed request schemas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, run, checkReply } from './lib/server.mjs';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
let srv;
let doc;
let routes;	// ["GET /healthz", ...] from `maillage routes`

before(async () => {
  srv = await startServer();
  const r = await fetch(srv.base + '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  doc = await r.json();
  const out = run(['routes']);
  assert.equal(out.status, 0, out.stderr);
  routes = out.stdout.split('\n').filter(Boolean);
});
after(async () => { await srv?.stop(); });

function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      assert.ok(METHODS.includes(m), `unexpected key ${m} under ${path}`);
      ops.push({ method: m.toUpperCase(), path, op });
    }
  }
  return ops;
}

test('OpenAPI 3 document, served without a session', () => {
  assert.match(doc.openapi, /^3\.\d+\.\d+$/);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.info.version, 'string');
  assert.equal(typeof doc.paths, 'object');
  assert.ok(doc.components.schemas.Error);
  assert.deepEqual(doc.components.securitySchemes.session,
    { type: 'apiKey', in: 'cookie', name: 'maillage_session' });
});

test('paths and methods are exactly `maillage routes`, both ways', () => {
  for (const l of routes) assert.match(l, /^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, l);
  assert.equal(new Set(routes).size, routes.length, 'no route listed twice');
  const fromDoc = operations().map((o) => `${o.method} ${o.path}`);
  const missing = routes.filter((r) => !fromDoc.includes(r));
  const extra = fromDoc.filter((r) => !routes.includes(r));
  assert.deepEqual(missing, [], 'routes missing from the OpenAPI document');
  assert.deepEqual(extra, [], 'OpenAPI operations the binary does not route');
  assert.equal(fromDoc.length, routes.length);
});

test('every operation: summary, operationId, path parameters, success and error responses', () => {
  const opIds = new Set();
  for (const { method, path, op } of operations()) {
    const what = `${method} ${path}`;
    assert.equal(typeof op.summary, 'string', what);
    assert.ok(op.summary.length > 0, what);
    assert.ok(!opIds.has(op.operationId), `unique operationId ${op.operationId}`);
    opIds.add(op.operationId);
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const params = (op.parameters || []).filter((p) => p.in === 'path').map((p) => p.name);
    assert.deepEqual(params, names, `${what}: path parameters`);
    for (const p of op.parameters || []) {
      assert.ok(['path', 'query'].includes(p.in), `${what}: ${p.name}`);
      assert.equal(p.required, p.in === 'path', `${what}: ${p.name} required`);
    }
    const codes = Object.keys(op.responses);
    assert.ok(codes.includes('default'), what);
    // A change of an account that reads records may be stored as a
    // request to approve: 202 besides the route's own status.
    const second = { 'POST /api/v1/users': '202', 'PATCH /api/v1/users/{id}': '202' }[what];
    assert.equal(codes.filter((c) => /^2\d\d$/.test(c)).length, second ? 2 : 1, `${what}: success statuses`);
    if (second)
      assert.equal(op.responses[second].content['application/json'].schema.$ref,
        '#/components/schemas/AccountRequestPending', what);
    assert.equal(op.responses.default.content['application/json'].schema.$ref, '#/components/schemas/Error');
  }
});

function assertClosed(schema, where) {
  assert.equal(schema.type, 'object', where);
  assert.equal(schema.additionalProperties, false, `${where}: additionalProperties false`);
  assert.equal(typeof schema.properties, 'object', where);
  for (const r of schema.required || []) assert.ok(r in schema.properties, `${where}: required ${r}`);
  for (const [k, s] of Object.entries(schema.properties)) {
    if (s.type === 'object') assertClosed(s, `${where}.${k}`);
    if (s.type === 'array' && s.items?.type === 'object') assertClosed(s.items, `${where}.${k}[]`);
  }
}

test('every route with a body has a closed JSON requestBody schema (additionalProperties false)', () => {
  let n = 0;
  for (const { method, path, op } of operations()) {
    const what = `${method} ${path}`;
    if (method === 'GET' || method === 'DELETE') {
      assert.equal(op.requestBody, undefined, `${what} takes no body`);
      continue;
    }
    assert.ok(op.requestBody, `${what} has a requestBody`);
    assert.equal(op.requestBody.required, true);
    if (!op.requestBody.content['application/json']) {
      // File uploads: the accepted document types, as binary.
      assert.deepEqual(Object.keys(op.requestBody.content).sort(),
        ['application/pdf', 'image/jpeg', 'image/png'], what);
      continue;
    }
    assertClosed(op.requestBody.content['application/json'].schema, what);
    n++;
  }
  assert.ok(n >= 10);
  const login = doc.paths['/api/v1/session'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(login.required, ['login', 'password']);
  const person = doc.paths['/api/v1/persons'].post.requestBody.content['application/json'].schema;
  assert.deepEqual(person.required, ['birth_name', 'first_names', 'birth_date', 'sex']);
  assert.deepEqual(person.properties.sex.enum, ['F', 'M', 'I']);
  assert.deepEqual(Object.keys(person.properties.data.properties), ['admin', 'social', 'soins', 'medical', 'psy']);
  const patch = doc.paths['/api/v1/persons/{id}'].patch.requestBody.content['application/json'].schema;
  assert.equal(patch.required, undefined, 'PATCH: every field optional');
});

test('every listed route is served (no 404/405), private ones ask for a session', async () => {
  for (const { method, path, op } of operations()) {
    const url = path.replace(/\{\w+\}/g, '1');
    const r = await fetch(srv.base + url, { method,
      headers: method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' },
      body: method === 'GET' || method === 'DELETE' ? undefined : '{}' });
    const body = await r.text();
    assert.ok(![404, 405].includes(r.status) || JSON.parse(body).error.code === 'person.not_found',
      `${method} ${path}: ${r.status} ${body}`);
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    if (!isPublic) {
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(JSON.parse(body).error.code, 'auth.required');
    }
  }
});

// Issue 9 §2: described replies, query parameters and error codes.
test('described replies: the 2xx schema of the person routes, closed, with types', () => {
  const schemas = doc.components.schemas;
  const ok = (method, path) => {
    const r = doc.paths[path][method].responses;
    const code = Object.keys(r).find((c) => /^2\d\d$/.test(c));
    return r[code].content['application/json'].schema.$ref.replace('#/components/schemas/', '');
  };
  assert.equal(ok('get', '/api/v1/persons'), 'PersonList');
  assert.equal(ok('get', '/api/v1/persons/{id}'), 'Person');
  assert.equal(ok('post', '/api/v1/persons'), 'PersonCreated');
  assert.equal(ok('patch', '/api/v1/persons/{id}'), 'PersonUpdated');
  for (const name of ['PersonList', 'PersonIdentity', 'Person', 'PersonCreated', 'PersonUpdated',
    'Commune', 'Grant', 'CircleMember', 'Objection', 'PersonGir', 'UserRef', 'PersonFlags', 'PersonData'])
    assertClosed(schemas[name], name);
  const p = schemas.Person;
  assert.equal(p.properties.id.type, 'integer');
  assert.deepEqual(p.properties.sex.enum, ['F', 'M', 'I']);
  assert.equal(p.properties.used_name.nullable, true);
  assert.equal(p.properties.birth_name.nullable, undefined);
  assert.equal(p.properties.commune.nullable, true);
  assert.equal(p.properties.circle.items.$ref, '#/components/schemas/CircleMember');
  assert.ok(p.required.includes('access') && !p.required.includes('warnings'));
  assert.deepEqual(schemas.PersonData.required, undefined, 'categories present only when readable');
  assert.deepEqual(schemas.PersonCreated.properties.possible_duplicates.items, { type: 'integer' });
  assert.deepEqual(schemas.Grant.properties.read.items.enum, ['admin', 'social', 'soins', 'medical', 'psy']);
});

test('described replies: the platform routes (session, accounts, notices, meta, matrix, errors)', () => {
  const schemas = doc.components.schemas;
  const reply = (method, path, code) => doc.paths[path][method].responses[code]
    .content['application/json'].schema.$ref.replace('#/components/schemas/', '');
  assert.equal(reply('post', '/api/v1/session', '200'), 'Session');
  assert.equal(reply('get', '/api/v1/session', '200'), 'Session');
  assert.equal(reply('get', '/api/v1/users', '200'), 'UserList');
  assert.equal(reply('post', '/api/v1/users', '201'), 'UserCreated');
  assert.equal(reply('patch', '/api/v1/users/{id}', '200'), 'User');
  assert.equal(reply('get', '/api/v1/team', '200'), 'Team');
  assert.equal(reply('get', '/api/v1/account-requests', '200'), 'AccountRequestList');
  assert.equal(reply('post', '/api/v1/account-requests/{id}/approve', '200'), 'AccountRequestApproved');
  assert.equal(reply('post', '/api/v1/account-requests/{id}/reject', '200'), 'AccountRequestRejected');
  assert.equal(reply('get', '/api/v1/notices', '200'), 'NoticeList');
  assert.equal(reply('post', '/api/v1/notices/{id}/read', '200'), 'NoticeRead');
  assert.equal(reply('get', '/healthz', '200'), 'Health');
  assert.equal(reply('get', '/api/v1/meta', '200'), 'Meta');
  assert.equal(reply('get', '/api/v1/access/matrix', '200'), 'Matrix');
  assert.equal(reply('put', '/api/v1/access/matrix', '200'), 'Matrix');
  for (const name of ['Session', 'SessionUser', 'SessionOrg', 'SessionCrt', 'User', 'UserCreated',
    'UserList', 'Team', 'TeamMember', 'AccountRequest', 'AccountRequestList', 'AccountRequestPending',
    'AccountRequestApproved', 'AccountRequestRejected', 'Notice', 'NoticeList', 'NoticeRead',
    'Health', 'Meta', 'CodeRole', 'CodePlanActionStatus', 'Matrix', 'MatrixRule', 'Error', 'ErrorBody'])
    assertClosed(schemas[name], name);
  const u = schemas.SessionUser.properties;
  assert.ok(u.role.enum.includes('coordinateur'));
  assert.ok(u.permissions.items.enum.includes('users.manage'));
  assert.equal(schemas.AccountRequest.properties.user_id.nullable, true);
  assert.deepEqual(schemas.AccountRequest.properties.status.enum, ['pending', 'approved', 'rejected']);
  assert.ok(!schemas.AccountRequest.required.includes('may_approve'));
  assert.ok(!schemas.UserCreated.required.includes('password'));
  assert.ok(schemas.AccountRequestApproved.required.includes('password'));
  assert.equal(schemas.Notice.properties.read_at.nullable, true);
  assert.equal(schemas.Meta.properties.roles.items.$ref, '#/components/schemas/CodeRole');
  assert.ok(schemas.CodeRole.properties.code.enum.includes('admin'));
  assert.deepEqual(schemas.Error.required, ['error']);
  assert.deepEqual(schemas.ErrorBody.required, ['code', 'message', 'request_id']);
  assert.equal(schemas.ErrorBody.properties.holder_id.type, 'integer');
  // Route-specific errors of these routes.
  const codes = (method, path) => doc.paths[path][method]['x-error-codes'].map((e) => `${e.status} ${e.code}`);
  assert.ok(codes('post', '/api/v1/session').includes('401 auth.invalid'));
  assert.ok(codes('post', '/api/v1/session').includes('429 auth.locked'));
  assert.ok(codes('put', '/api/v1/session/password').includes('422 password.new.reused'));
  assert.ok(codes('patch', '/api/v1/users/{id}').includes('404 user.not_found'));
  assert.ok(codes('post', '/api/v1/account-requests/{id}/approve').includes('409 account_request.decided'));
  assert.ok(codes('post', '/api/v1/notices/{id}/read').includes('404 notice.not_found'));
  assert.ok(codes('put', '/api/v1/access/matrix').includes('422 access.rule.out_of_bounds'));
});

test('query parameters: type, allowed values, limits and default', () => {
  const q = Object.fromEntries(doc.paths['/api/v1/persons'].get.parameters
    .filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
  assert.deepEqual(Object.keys(q), ['q', 'commune', 'gir', 'volet2', 'beneficiary', 'limit', 'offset']);
  assert.deepEqual(q.limit, { type: 'integer', minimum: 1, maximum: 200, default: 50 });
  assert.equal(q.q.maxLength, 100);
  assert.deepEqual(q.beneficiary.enum, ['0', '1']);
  const acc = doc.paths['/api/v1/persons/{id}/accesses'].get.parameters.map((p) => p.name);
  assert.deepEqual(acc, ['id', 'format', 'limit', 'offset', 'before']);
});

test('error codes per route, with their status, from the row and the route docs', () => {
  for (const { method, path, op } of operations()) {
    const what = `${method} ${path}`;
    assert.ok(Array.isArray(op['x-error-codes']), what);
    for (const { status, code } of op['x-error-codes']) {
      assert.match(code, /^[a-z_0-9]+(\.[a-z_0-9]+)+$/, what);
      assert.ok(op.responses[String(status)], `${what}: ${status}`);
      assert.ok(op.responses[String(status)].description.split(', ').includes(code), `${what}: ${code}`);
    }
  }
  const read = doc.paths['/api/v1/persons/{id}'].get['x-error-codes'];
  assert.ok(read.some((e) => e.status === 404 && e.code === 'person.not_found'));
  assert.ok(read.some((e) => e.status === 401 && e.code === 'auth.required'));
  const list = doc.paths['/api/v1/persons'].get['x-error-codes'];
  assert.ok(list.some((e) => e.status === 422 && e.code === 'persons.gir.invalid'));
  const post = doc.paths['/api/v1/persons'].post['x-error-codes'];
  assert.ok(post.some((e) => e.status === 409 && e.code === 'person.ins.taken'));
  assert.ok(post.some((e) => e.status === 403 && e.code === 'csrf.invalid'));
});

test('the HTTP clients validate replies: a reply off its schema is refused', async () => {
  await assert.rejects(checkReply(srv.base, 'GET', '/api/v1/persons/3', 200, { id: 'x' }),
    /does not match #\/components\/schemas\/Person/);
  await assert.rejects(checkReply(srv.base, 'GET', '/api/v1/persons?q=a', 200,
    { items: [], total: 0, limit: 50, offset: 0, extra: 1 }), /PersonList/);
  await assert.rejects(checkReply(srv.base, 'GET', '/api/v1/persons/3', 404, { code: 'x' }),
    /Error/);
  await checkReply(srv.base, 'GET', '/api/v1/persons?q=a', 200,
    { items: [], total: 0, limit: 50, offset: 0 });
  await checkReply(srv.base, 'GET', '/api/v1/persons/3', 404,
    { error: { code: 'person.not_found', message: 'm', request_id: 'r' } });
});
