/**
 * The client factory against the test backend, with the SDK's default checksum behaviour on:
 * every AWS API the pipeline relies on, round-tripped. The round trips live in
 * tests/helpers/aws-roundtrip.ts, shared with the Docker-only tests (LocalStack, moto image).
 */
import {
  checksumDefaultsOn,
  dynamodbConditionalPutRejectsDuplicate,
  s3MultipartUpload,
  s3PutGetListPages,
  snsDeliversToSqs,
  sqsDeadLetterAfterMaxReceives,
  sqsSendReceiveDelete,
} from '../helpers/aws-roundtrip';
import { useTestBackend } from '../helpers/test-backend';

const backend = useTestBackend();

describe('S3', () => {
  it('leaves the SDK default checksum behaviour on', () => checksumDefaultsOn(backend().clients));

  it('puts, gets and lists objects across pages', () => s3PutGetListPages(backend().clients));

  it('uploads a 20 MB object in parts and reads back the same bytes', () =>
    s3MultipartUpload(backend().clients));
});

describe('SQS', () => {
  it('sends, receives and deletes', () => sqsSendReceiveDelete(backend().clients));

  it('moves a message to the DLQ after maxReceiveCount receives', () =>
    sqsDeadLetterAfterMaxReceives(backend().clients));
});

describe('DynamoDB', () => {
  it('rejects a conditional put of an item that already exists', () =>
    dynamodbConditionalPutRejectsDuplicate(backend().clients));
});

describe('SNS', () => {
  it('delivers a published message to a subscribed SQS queue', () =>
    snsDeliversToSqs(backend().clients));
});
