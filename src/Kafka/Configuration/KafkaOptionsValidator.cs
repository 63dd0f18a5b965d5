using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ChatHub.Kafka.Configuration;

/// <summary>Validates <see cref="KafkaOptions"/> at start (only when Kafka is configured), so bad config stops the host.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    /// <summary>librdkafka properties the bus sets itself; its delivery guarantees depend on them.</summary>
    internal static readonly IReadOnlySet<string> ReservedClientProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "bootstrap.servers", "metadata.broker.list", "client.id", "group.id",
        "enable.auto.commit", "auto.commit.enable", "enable.auto.offset.store", "auto.offset.reset",
        "enable.idempotence", "acks", "request.required.acks", "enable.partition.eof",
    };

    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success; // Kafka not used: nothing to check
        }

        var failures = new List<string>();
        Annotations(options, "Kafka", failures);
        Annotations(options.Producer, "Kafka:Producer", failures);
        Annotations(options.Consumer, "Kafka:Consumer", failures);
        Annotations(options.Priority, "Kafka:Priority", failures);

        foreach (var server in options.BootstrapServers!.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                failures.Add($"Kafka:BootstrapServers: '{server}' is not host:port.");
            }
        }

        if (options.TopicPrefix.Length > 0 && !IsTopicName(options.TopicPrefix))
        {
            failures.Add("Kafka:TopicPrefix may only contain letters, digits, '.', '_' and '-'.");
        }

        if (!IsTopicName(options.Priority.BulkSuffix))
        {
            failures.Add("Kafka:Priority:BulkSuffix may only contain letters, digits, '.', '_' and '-'.");
        }

        foreach (var (logical, topic) in options.Topics)
        {
            Annotations(topic, $"Kafka:Topics:{logical}", failures);
            if (topic.Retention is { } retention)
            {
                Positive(retention, $"Kafka:Topics:{logical}:Retention", failures);
            }

            var physical = options.TopicPrefix + (topic.Name ?? logical);
            if (!IsTopicName(physical) || physical.Length > 249)
            {
                failures.Add($"Kafka:Topics:{logical}: '{physical}' is not a valid topic name.");
            }
        }

        Positive(options.AdminTimeout, "Kafka:AdminTimeout", failures);
        Positive(options.Retention, "Kafka:Retention", failures);
        Positive(options.Producer.DeliveryTimeout, "Kafka:Producer:DeliveryTimeout", failures);
        NotNegative(options.Producer.Linger, "Kafka:Producer:Linger", failures);
        NotNegative(options.StuckPartitionTimeout, "Kafka:StuckPartitionTimeout", failures);
        NotNegative(options.Consumer.DrainTimeout, "Kafka:Consumer:DrainTimeout", failures);
        NotNegative(options.Consumer.RevokeTimeout, "Kafka:Consumer:RevokeTimeout", failures);
        Positive(options.Consumer.CommitInterval, "Kafka:Consumer:CommitInterval", failures);
        if (options.Consumer.SessionTimeout < TimeSpan.FromSeconds(1) || options.Consumer.SessionTimeout > TimeSpan.FromMinutes(30))
        {
            failures.Add("Kafka:Consumer:SessionTimeout must be between 1 second and 30 minutes (brokers usually require at least 6 seconds).");
        }

        if (options.Consumer.PollInterval < TimeSpan.FromMilliseconds(1) || options.Consumer.PollInterval > TimeSpan.FromSeconds(1))
        {
            failures.Add("Kafka:Consumer:PollInterval must be between 1 ms and 1 second.");
        }

        foreach (var property in options.Client.Keys)
        {
            if (ReservedClientProperties.Contains(property))
            {
                failures.Add($"Kafka:Client:{property} is set by the bus itself (delivery guarantees depend on it); use the Kafka options instead.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsTopicName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static void Annotations(object instance, string section, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{section}: {r.ErrorMessage}"));
        }
    }

    private static void Positive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{name} must be positive (and under 24 days).");
        }
    }

    private static void NotNegative(TimeSpan value, string name, List<string> failures)
    {
        if (value < TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{name} must not be negative (and under 24 days).");
        }
    }
}
