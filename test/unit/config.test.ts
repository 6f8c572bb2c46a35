import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readConfig } from '../../shared/config.ts';

test('defaults follow the contract', () => {
  const config = readConfig({});
  assert.equal(config.kmsEndpoint, 'https://kms.api.cloud.yandex.net');
  assert.equal(config.operationEndpoint, 'https://operation.api.cloud.yandex.net');
  assert.equal(config.resourceManagerEndpoint, 'https://resource-manager.api.cloud.yandex.net');
  assert.equal(config.monitoringEndpoint, 'https://monitoring.api.cloud.yandex.net');
  assert.equal(config.monitoringFolderId, undefined, 'no metrics unless a folder is named');
  assert.equal(config.approvalLabel, 'destroy-approved');
  assert.equal(config.enforceDeletionProtection, false, 'deletion protection is reported, not enforced, unless asked');
  assert.equal(config.deletionApprovalLabel, 'delete-approved');
  assert.deepEqual([...config.approvedSubjectIds], []);
  assert.equal(config.chainSendToken, false);
  assert.equal(config.sweepConcurrency, 8);
  assert.equal(config.dryRun, false);
  assert.equal(config.logLevel, 'INFO');
  assert.deepEqual(config.keyIds, []);
  assert.equal(config.allowedKeyIds, undefined);
});

test('an API endpoint given with a trailing slash is used without it; CHAIN_URL is kept as given', () => {
  const config = readConfig({
    KMS_ENDPOINT: 'https://kms.example.net/',
    OPERATION_ENDPOINT: 'https://operation.example.net//',
    RESOURCE_MANAGER_ENDPOINT: 'https://rm.example.net/base/',
    MONITORING_ENDPOINT: 'http://127.0.0.1:9000/',
    CHAIN_URL: 'https://functions.yandexcloud.net/d4eabc/',
  });
  assert.deepEqual(
    [config.kmsEndpoint, config.operationEndpoint, config.resourceManagerEndpoint, config.monitoringEndpoint, config.chainUrl],
    [
      'https://kms.example.net',
      'https://operation.example.net',
      'https://rm.example.net/base',
      'http://127.0.0.1:9000',
      'https://functions.yandexcloud.net/d4eabc/',
    ],
  );
});

test('values are read and normalised', () => {
  const config = readConfig({
    KMS_KEY_IDS: ' abj1, abj2 ,,abj3',
    KMS_FOLDER_ID: 'b1gfolder',
    PROTECT_LABEL: 'guard=on',
    DRY_RUN: 'true',
    ALLOWED_KEY_IDS: 'abj1',
    SWEEP_CONCURRENCY: '32',
    LOG_LEVEL: 'WARN',
    ENFORCE_DELETION_PROTECTION: 'true',
    DELETION_APPROVAL_LABEL: 'retire-ok',
  });
  assert.equal(config.enforceDeletionProtection, true);
  assert.equal(config.deletionApprovalLabel, 'retire-ok');
  assert.deepEqual(config.keyIds, ['abj1', 'abj2', 'abj3']);
  assert.deepEqual(config.protectLabel, { name: 'guard', value: 'on' });
  assert.equal(config.dryRun, true);
  assert.ok(config.allowedKeyIds?.has('abj1'));
  assert.equal(config.sweepConcurrency, 32);
  assert.equal(config.logLevel, 'WARN');
});

test('an empty variable counts as unset', () => {
  assert.equal(readConfig({ SWEEP_CONCURRENCY: '', KMS_FOLDER_ID: '' }).sweepConcurrency, 8);
});

for (const [name, value] of [
  ['KMS_ENDPOINT', 'ftp://example'],
  ['CHAIN_URL', 'not a url'],
  ['KMS_KEY_IDS', 'abj1,abj/2'],
  ['KMS_FOLDER_ID', 'b1g folder'],
  ['PROTECT_LABEL', 'no-equals-sign'],
  ['DRY_RUN', 'yes'],
  ['SWEEP_CONCURRENCY', '0'],
  ['SWEEP_CONCURRENCY', 'eight'],
  ['LOG_LEVEL', 'LOUD'],
  ['ENFORCE_DELETION_PROTECTION', 'enabled'],
  ['DELETION_APPROVAL_LABEL', 'Delete-OK'],
] as const) {
  test(`a bad ${name} is an error naming the variable, without its value`, () => {
    assert.throws(
      () => readConfig({ [name]: value }),
      (error: Error) => {
        assert.match(error.message, new RegExp(`^INTERNAL: configuration: ${name} `));
        assert.ok(!error.message.includes(value), 'the value is not echoed (it may be a secret)');
        return true;
      },
    );
  });
}
