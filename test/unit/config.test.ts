import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).to.include({
      PORT: 8080,
      TRANSPORT: 'inprocess',
      ADAPTER: 'sql',
      KAFKA_TOPIC_PREFIX: 'southgate',
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
      ALLOW_CUSTOMER_FIREHOSE: false,
      ALLOW_USER_SELF_REGISTRATION: true,
      // One partition per topic: kafkajs fetches every assigned partition in every fetch.
      KAFKA_REQUEST_PARTITIONS: 1,
      KAFKA_REPLY_PARTITIONS: 1,
    });
    expect(config.DATABASE_URL).to.equal(undefined);
    expect(config.INSTANCE_ID).to.match(/^[A-Za-z0-9._-]+$/);
  });

  it('reads ADAPTER_HTTP_PORT as a port, off when unset or empty', () => {
    expect(loadConfig({}).ADAPTER_HTTP_PORT).to.equal(undefined);
    expect(loadConfig({ ADAPTER_HTTP_PORT: ' ' }).ADAPTER_HTTP_PORT).to.equal(undefined);
    expect(loadConfig({ ADAPTER_HTTP_PORT: '9464' }).ADAPTER_HTTP_PORT).to.equal(9464);
    expect(loadConfig({ ADAPTER_HTTP_PORT: '0' }).ADAPTER_HTTP_PORT).to.equal(0);
    for (const bad of ['70000', 'http', '-1']) {
      expect(() => loadConfig({ ADAPTER_HTTP_PORT: bad }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.includes('ADAPTER_HTTP_PORT');
    }
  });

  it('reads booleans and numbers', () => {
    const config = loadConfig({
      ALLOW_CUSTOMER_FIREHOSE: 'true',
      PORT: '9000',
      DATABASE_URL: ' postgres://x@h/db ',
    });
    expect(config.ALLOW_CUSTOMER_FIREHOSE).to.equal(true);
    expect(config.PORT).to.equal(9000);
    expect(config.DATABASE_URL).to.equal('postgres://x@h/db');
  });

  it('reports every invalid setting in one ConfigError', () => {
    expect(() => loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', TRANSPORT: 'kafka' }))
      .to.throw(ConfigError)
      .with.property('message')
      .that.matches(/PORT.*LOG_LEVEL.*KAFKA_BROKERS/);
  });

  it('requires the three BOOTSTRAP_* settings together', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_USERNAME: 'admin' })).to.throw(
      ConfigError,
      /BOOTSTRAP_ADMIN_PASSWORD/,
    );
    expect(
      loadConfig({
        BOOTSTRAP_ADMIN_USERNAME: 'a',
        BOOTSTRAP_ADMIN_PASSWORD: 'b',
        BOOTSTRAP_CONSUMER_KEY: 'c',
      }).BOOTSTRAP_ADMIN_USERNAME,
    ).to.equal('a');
  });

  describe('GATEWAY_WORKERS', () => {
    const shared = { DATABASE_URL: 'postgres://x@h/db' };

    it('defaults to one worker and accepts 1 to 64', () => {
      expect(loadConfig({}).GATEWAY_WORKERS).to.equal(1);
      expect(loadConfig({ ...shared, GATEWAY_WORKERS: '4' }).GATEWAY_WORKERS).to.equal(4);
      for (const bad of ['0', '65', 'two', '-1']) {
        expect(() => loadConfig({ ...shared, GATEWAY_WORKERS: bad }), bad).to.throw(
          ConfigError,
          /GATEWAY_WORKERS/,
        );
      }
    });

    it('needs DATABASE_URL for more than one worker: the embedded store serves one process', () => {
      expect(() => loadConfig({ GATEWAY_WORKERS: '2' }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.matches(/GATEWAY_WORKERS: more than one worker needs DATABASE_URL/);
      expect(loadConfig({ GATEWAY_WORKERS: '1' }).GATEWAY_WORKERS).to.equal(1);
    });

    it('refuses several workers each holding its own in-memory bank', () => {
      expect(() => loadConfig({ ...shared, GATEWAY_WORKERS: '2', ADAPTER: 'memory' })).to.throw(
        ConfigError,
        /cannot share ADAPTER=memory in process/,
      );
      // Over Kafka the memory adapter is one process of its own, which every worker shares.
      const kafka = loadConfig({
        ...shared,
        GATEWAY_WORKERS: '2',
        ADAPTER: 'memory',
        TRANSPORT: 'kafka',
        KAFKA_BROKERS: '127.0.0.1:9092',
      });
      expect(kafka.GATEWAY_WORKERS).to.equal(2);
    });
  });
});
