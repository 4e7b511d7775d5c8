namespace Tellal.Testing;

/// <summary>Servers started by eng/test.sh. A missing one fails the test loudly: a skipped test would hide a gap.</summary>
public static class TestEnvironment
{
    public static string Postgres => Required("TELLAL_TEST_POSTGRES");

    /// <summary>amqp:// URI of the test RabbitMQ broker.</summary>
    public static string RabbitMq => Required("TELLAL_TEST_RABBITMQ");

    /// <summary>The test broker's management HTTP API, e.g. http://127.0.0.1:17673 (eng/services.sh enables the plugin by default).</summary>
    public static string RabbitMqManagement => Required("TELLAL_TEST_RABBITMQ_MANAGEMENT");

    /// <summary>Bootstrap servers of the test Kafka cluster (librdkafka's mock cluster, eng/tools/KafkaMock).</summary>
    public static string Kafka => Required("TELLAL_TEST_KAFKA");

    /// <summary>The Kafka mock cluster's control API (topics, brokers down and up), e.g. http://127.0.0.1:17092.</summary>
    public static string KafkaControl => Required("TELLAL_TEST_KAFKA_CONTROL");

    /// <summary>StackExchange.Redis configuration of the test Redis server.</summary>
    public static string Redis => Required("TELLAL_TEST_REDIS");

    /// <summary>eng/services.sh, for tests that stop and start a server.</summary>
    public static string ServicesScript => Required("TELLAL_SERVICES_SCRIPT");

    public static string SmtpHost => Required("TELLAL_TEST_SMTP_HOST");

    public static string SmtpPort => Required("TELLAL_TEST_SMTP_PORT");

    /// <summary>maildev's REST API, e.g. http://127.0.0.1:17080/api.</summary>
    public static string MaildevApi => Required("TELLAL_TEST_MAILDEV_API");

    /// <summary>Nginx's conf.d folder: every *.conf in it is included (eng/services.sh start nginx).</summary>
    public static string NginxConfDir => Required("TELLAL_TEST_NGINX_CONF_DIR");

    /// <summary>
    /// A node process's settings (environment variables) that put it on the test servers: <paramref name="postgres"/>,
    /// Redis, and the SMTP server, spoken to in plain text as maildev expects.
    /// </summary>
    public static Dictionary<string, string> SharedServerSettings(string postgres) => new()
    {
        ["ConnectionStrings__postgres"] = postgres,
        ["ConnectionStrings__redis"] = Redis,
        ["Tellal__Mail__Smtp__Host"] = SmtpHost,
        ["Tellal__Mail__Smtp__Port"] = SmtpPort,
        ["Tellal__Mail__Smtp__TlsMode"] = "None",
    };

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through eng/test.sh, which starts the servers they need.");
}
