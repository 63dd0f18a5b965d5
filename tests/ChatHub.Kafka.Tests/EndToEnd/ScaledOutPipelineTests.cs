using ChatHub.Kafka.Tests.Infrastructure;
using Confluent.Kafka;
using Xunit.Abstractions;
using ChatHub.Testing.Kafka;

namespace ChatHub.Kafka.Tests.EndToEnd;

/// <summary>
/// Issue 7's acceptance test: the hub scaled out to separate OS processes — ingress, two workers, egress — on the
/// mock Kafka cluster (3 brokers) and a real redis-server, fed by Telegram webhooks, answering from the
/// hot-question cache into a fake Telegram Bot API. A worker is killed with SIGKILL in the middle of the load and
/// started again; in the others a broker is down for 10 s, every partition's leader moves (three times), or produce
/// requests fail with retriable errors (librdkafka 2.16's mock controls). Every message must get exactly one final reply
/// (one sendMessage answering it), and within a conversation the replies arrive in the order the messages were
/// sent. Counts only: waits are generous and bounded by a hard timeout, nothing is timed.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class ScaledOutPipelineTests(KafkaClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan HardTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan LossTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task WorkerKilledMidLoadAndRestarted_EveryMessageAnsweredExactlyOnceInOrder()
    {
        const int conversations = 200, perConversation = 25, total = conversations * perConversation;
        await using var deployment = await PipelineDeployment.StartAsync(fixture.Cluster, fixture.NewPrefix());
        await deployment.StartThreeRolesAsync().WaitAsync(HardTimeout);
        using var cancel = new CancellationTokenSource(HardTimeout);

        var sending = deployment.SendAsync(conversations, perConversation, cancel.Token);
        // Killed when the workers (by their answered-message log lines, event 3201) are 40 % through: the busier one
        // dies in the middle of its partitions.
        var workers = deployment.Nodes.Where(n => n.Name.StartsWith("worker", StringComparison.Ordinal)).ToList();
        await WaitUntilAsync(() => workers.Sum(w => w.Events(3201)) >= total * 2 / 5, cancel.Token);
        var victim = workers.MaxBy(n => n.Events(3201))!;
        victim.Kill();
        var answeredAtKill = deployment.Telegram.Answered;
        var processedAtKill = workers.Sum(w => w.Events(3201));
        var processedByVictim = victim.Events(3201);
        output.WriteLine($"kill -9 {victim.Name} (pid {victim.Pid}) after it answered {processedByVictim}; workers answered {processedAtKill}, {answeredAtKill} replies sent, {deployment.Accepted} accepted");
        var restarted = await deployment.StartNodeAsync(victim.Name + "-restarted", "worker").WaitAsync(cancel.Token);
        output.WriteLine($"{victim.Name} restarted (pid {restarted.Pid}) with {deployment.Telegram.Answered} answered");

        await sending.WaitAsync(cancel.Token);
        await WhenAllAnsweredOrGiveUpAsync(deployment, total, cancel.Token);
        await QuietAsync(deployment, cancel.Token);

        Assert.True(processedAtKill < total, "the worker must be killed while messages are still being processed");
        Assert.True(processedByVictim > 0, "the killed worker must have been processing messages");
        AssertExactlyOnceInOrder(deployment, conversations, perConversation);
    }

    [Fact]
    public async Task BrokerDownTenSecondsMidLoad_EveryMessageAnsweredExactlyOnceInOrder()
    {
        await RunWithChaosAsync(async (deployment, total, cancellationToken) =>
        {
            await WaitUntilAsync(() => deployment.Accepted >= total / 3, cancellationToken);
            fixture.Cluster.SetBrokerDown(1);
            output.WriteLine($"broker 1 down with {deployment.Accepted} accepted, {deployment.Telegram.Answered} answered");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken); // the outage itself, not a wait for a result
            }
            finally
            {
                fixture.Cluster.SetBrokerUp(1);
            }

            output.WriteLine($"broker 1 up with {deployment.Accepted} accepted, {deployment.Telegram.Answered} answered");
        });
    }

    /// <summary>
    /// Every partition of every topic gets a new leader three times while messages flow (librdkafka 2.16's
    /// <c>rd_kafka_mock_partition_set_leader</c>): producers and consumers are answered NOT_LEADER_OR_FOLLOWER by the
    /// old leader, refresh their metadata and carry on with the new one.
    /// </summary>
    [Fact]
    public async Task PartitionLeadersMovingMidLoad_EveryMessageAnsweredExactlyOnceInOrder()
    {
        await RunWithChaosAsync(async (deployment, total, cancellationToken) =>
        {
            for (var round = 1; round <= 3; round++)
            {
                await WaitUntilAsync(() => deployment.Accepted >= total * round / 4, cancellationToken);
                foreach (var topic in deployment.Topics)
                {
                    for (var partition = 0; partition < PipelineDeployment.Partitions; partition++)
                    {
                        fixture.Cluster.SetPartitionLeader(topic, partition, ((partition + round) % fixture.Cluster.Brokers) + 1);
                    }
                }

                output.WriteLine($"round {round}: every partition's leader moved with {deployment.Accepted} accepted, {deployment.Telegram.Answered} answered");
            }
        });
    }

    /// <summary>
    /// Produce requests answered with retriable errors while messages flow (librdkafka 2.16's
    /// <c>rd_kafka_mock_push_request_errors</c>, the array form): the idempotent producers of all three roles retry
    /// them without duplicating or reordering a partition, and nothing a webhook was answered 200 for is lost.
    /// </summary>
    /// <remarks>
    /// One produce request in flight per broker connection here. The mock checks the sequence numbers of idempotent
    /// producers only for transactional ones: with a second request in flight behind one answered "timed out", it
    /// appends the second where a real broker answers OUT_OF_ORDER_SEQUENCE_NUMBER, and librdkafka then takes the first
    /// as persisted (its implicit ack) although the mock never wrote it. Seen here before this setting: 1–3 replies of
    /// 2,000 lost, every one a record the mock acknowledged without writing.
    /// </remarks>
    [Fact]
    public async Task ProduceErrorsInjectedMidLoad_EveryMessageAnsweredExactlyOnceInOrder()
    {
        ErrorCode[] retriable = [ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas, ErrorCode.LeaderNotAvailable];
        async Task InjectAsync(PipelineDeployment deployment, int total, CancellationToken cancellationToken)
        {
            for (var round = 1; round <= 2; round++)
            {
                await WaitUntilAsync(() => deployment.Accepted >= total * round / 3, cancellationToken);
                var errors = Enumerable.Range(0, 60).Select(i => retriable[i % retriable.Length]).ToArray();
                fixture.Cluster.PushRequestErrors(KafkaApi.Produce, errors);
                output.WriteLine($"round {round}: the next {errors.Length} produce requests fail, with {deployment.Accepted} accepted, {deployment.Telegram.Answered} answered");
            }
        }

        try
        {
            await RunWithChaosAsync(InjectAsync, settings => settings["Kafka:Client:max.in.flight.requests.per.connection"] = "1");
        }
        finally
        {
            fixture.Cluster.ClearRequestErrors(KafkaApi.Produce); // none left for the next test of the collection
        }
    }

    /// <summary>
    /// Three roles (two workers), 100 conversations × 20 messages sent; <paramref name="chaos"/> runs alongside and
    /// must finish while replies are still outstanding; then every message must be answered exactly once, in order.
    /// </summary>
    private async Task RunWithChaosAsync(Func<PipelineDeployment, int, CancellationToken, Task> chaos, Action<Dictionary<string, string>>? adjust = null)
    {
        const int conversations = 100, perConversation = 20, total = conversations * perConversation;
        await using var deployment = await PipelineDeployment.StartAsync(fixture.Cluster, fixture.NewPrefix());
        await deployment.StartThreeRolesAsync(adjust).WaitAsync(HardTimeout);
        using var cancel = new CancellationTokenSource(HardTimeout);

        var sending = deployment.SendAsync(conversations, perConversation, cancel.Token);
        await chaos(deployment, total, cancel.Token);
        var answeredAfterChaos = deployment.Telegram.Answered;
        await sending.WaitAsync(cancel.Token);
        await WhenAllAnsweredOrGiveUpAsync(deployment, total, cancel.Token);
        await QuietAsync(deployment, cancel.Token);

        Assert.True(answeredAfterChaos < total, "the chaos must happen while messages are still in the pipeline");
        AssertExactlyOnceInOrder(deployment, conversations, perConversation);
    }

    private void AssertExactlyOnceInOrder(PipelineDeployment deployment, int conversations, int perConversation)
    {
        var replies = deployment.Telegram.Replies();
        var expected = Enumerable.Range(0, conversations)
            .SelectMany(c => Enumerable.Range(0, perConversation).Select(i => PipelineDeployment.MessageId(c, i)))
            .ToHashSet();
        var counts = replies.GroupBy(r => r.ReplyTo).ToDictionary(g => g.Key, g => g.Count());
        var lost = expected.Count(id => !counts.ContainsKey(id));
        var duplicates = counts.Values.Sum(n => n - 1);
        var unexpected = counts.Keys.Count(id => !expected.Contains(id));
        var outOfOrder = replies.GroupBy(r => r.ChatId)
            .Count(chat => !chat.Select(r => r.ReplyTo).SequenceEqual(chat.Select(r => r.ReplyTo).Order()));
        int Sum(int eventId) => deployment.Nodes.Sum(n => n.Events(eventId));

        output.WriteLine($"messages sent (accepted): {deployment.Accepted}, webhook retries: {deployment.Retries}");
        output.WriteLine($"final replies (sendMessage): {replies.Count}, distinct answered: {counts.Count}, lost: {lost}, duplicates: {duplicates}, unexpected: {unexpected}, conversations out of order: {outOfOrder}");
        output.WriteLine($"answered per worker process [3201]: {string.Join(", ", deployment.Nodes.Where(n => n.Events(3201) > 0).Select(n => $"{n.Name} {n.Events(3201)}"))}; redeliveries: worker skipped as done [3401]: {Sum(3401)}, waited on a lease [3402]: {Sum(3402)}, lease still held [3403]: {Sum(3403)}, egress duplicates suppressed [3303]: {Sum(3303)}, handler retries [3011]: {Sum(3011)}, dead-lettered [3012]: {Sum(3012)}; clients replaced for a partition stuck away from its leader: consumers [5624] {Sum(5624)}, producers [5633] {Sum(5633)}");
        if (lost > 0)
        {
            output.WriteLine($"lost (first 10): {string.Join(", ", expected.Where(id => !counts.ContainsKey(id)).Order().Take(10))}");
        }

        output.WriteLine($"hub logs: {deployment.LogDirectory}");

        Assert.Equal(conversations * perConversation, deployment.Accepted);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.Equal(0, unexpected);
        Assert.Equal(0, outOfOrder);
        Assert.Equal(conversations * perConversation, replies.Count);
    }

    /// <summary>
    /// Waits for every reply, at most <see cref="LossTimeout"/>: lost messages then show up as counts in the
    /// assertions rather than as a timeout.
    /// </summary>
    private static async Task WhenAllAnsweredOrGiveUpAsync(PipelineDeployment deployment, int total, CancellationToken cancellationToken)
    {
        try
        {
            await deployment.Telegram.WhenAnsweredAsync(total).WaitAsync(LossTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // reported as lost below
        }
    }

    /// <summary>After the last expected reply, waits until no sendMessage has arrived for 3 s, so late duplicates are seen.</summary>
    private static async Task QuietAsync(PipelineDeployment deployment, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (Environment.TickCount64 - deployment.Telegram.LastSendTicks < 3_000)
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }
}
