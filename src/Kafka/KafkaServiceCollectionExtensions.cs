using ChatHub.Conversation;
using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Configuration;
using ChatHub.Kafka.Health;
using ChatHub.Kafka.Serialization;
using ChatHub.Kafka.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// The Kafka bus, used when <c>Kafka:BootstrapServers</c> is set: it then replaces the in-process
    /// <see cref="IMessageBus"/> (which lets <c>Hub:Roles</c> run ingress, worker and egress as separate processes),
    /// creates missing topics at start, and adds a readiness check (tag <c>ready</c>). Without it the in-process bus
    /// stays and librdkafka is never loaded. Call after <c>AddConversation</c>.
    /// </summary>
    public static ConversationBuilder AddKafkaMessageBus(this ConversationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddSingleton(KafkaMessageSerializer.Default);
        services.TryAddSingleton<KafkaMessageBus>();

        // AddConversation registered the in-process bus with TryAdd; the choice is made when the bus is first
        // resolved, from the bound options, so configuration sources added later still count.
        services.Replace(ServiceDescriptor.Singleton<IMessageBus>(sp =>
            sp.GetRequiredService<IOptions<KafkaOptions>>().Value.IsConfigured
                ? sp.GetRequiredService<KafkaMessageBus>()
                : ActivatorUtilities.CreateInstance<InProcessMessageBus>(sp)));

        services.AddHostedService<KafkaTopicInitializer>();
        services.AddHealthChecks().AddCheck<KafkaHealthCheck>("kafka", tags: ["ready"]);
        return builder;
    }
}
