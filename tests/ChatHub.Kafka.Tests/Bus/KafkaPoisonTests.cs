using System.Text;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Kafka.Serialization;
using ChatHub.Kafka.Tests.Infrastructure;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace ChatHub.Kafka.Tests.Bus;

/// <summary>Poison messages go to chat.dlq with the reason, are committed, and do not block their partition.</summary>
public sealed class KafkaPoisonTests(KafkaClusterFixture fixture, ITestOutputHelper output) : KafkaBusTestBase(fixture, output)
{
    private static readonly BusTopic<InboundMessage> Inbound = new("poison.inbound");

    [Fact]
    public async Task Consume_UndecodableRecordAndFailingHandler_DeadLetteredAndThePartitionContinues()
    {
        CreateTopic(Inbound.Name, partitions: 1);
        CreateTopic(Inbound.Name + ".bulk", partitions: 1);
        var bus = CreateBus();
        var group = NewGroup();
        var garbage = "{not json"u8.ToArray();
        using (var raw = KafkaTestBus.RawProducer(Cluster))
        {
            await raw.ProduceAsync(Prefix + Inbound.Name, new Message<byte[], byte[]> { Key = "webchat:bot:c1"u8.ToArray(), Value = garbage }).DefaultTimeout();
        }

        var failing = TestMessages.Inbound("c1", "fails");
        var fine = TestMessages.Inbound("c1", "fine");
        await bus.PublishAsync(Inbound, failing.Conversation.Key, failing, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Inbound, fine.Conversation.Key, fine, CancellationToken.None).DefaultTimeout();

        var handled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        StartConsumer(bus, Inbound, group, (m, ct) =>
        {
            if (m.Value.Id == failing.Id)
            {
                throw new InvalidOperationException("boom");
            }

            handled.TrySetResult(m.Value.Id);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(fine.Id, await handled.Task.DefaultTimeout()); // the same key went on after both failures
        var loop = await WaitForConsumerAsync(bus, group, s => s.Outstanding == 0 && s.DeadLettered == 2);
        await loop.CommitAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(3, KafkaTestBus.Committed(Cluster, group, Prefix + Inbound.Name, 0));

        var letters = await Task.Run(() => KafkaTestBus.ReadAll(Cluster, Prefix + Topics.DeadLetters.Name, 2)).DefaultTimeout();
        Assert.Equal(2, letters.Count);

        var undecodable = KafkaMessageSerializer.Default.Deserialize<DeadLetter>(letters[0].Message.Value);
        Assert.Equal(Inbound.Name, undecodable.SourceTopic);
        Assert.Equal("webchat:bot:c1", undecodable.Key);
        Assert.StartsWith("Undecodable InboundMessage", undecodable.Reason, StringComparison.Ordinal);
        Assert.Null(undecodable.Inbound);
        Assert.Equal(garbage, Header(letters[0], KafkaHeaders.OriginalValue));
        Assert.Equal("0", Encoding.UTF8.GetString(Header(letters[0], KafkaHeaders.SourceOffset)));

        var failed = KafkaMessageSerializer.Default.Deserialize<DeadLetter>(letters[1].Message.Value);
        Assert.Equal("Handler failed: InvalidOperationException: boom", failed.Reason);
        Assert.Equal(failing.Id, failed.Inbound?.Id);
        Assert.Equal(failing.Id, Encoding.UTF8.GetString(Header(letters[1], KafkaHeaders.MessageId)));
        Assert.False(letters[1].Message.Headers.TryGetLastBytes(KafkaHeaders.OriginalValue, out _)); // the letter embeds it
    }

    private static byte[] Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"No header {name}.");
}
