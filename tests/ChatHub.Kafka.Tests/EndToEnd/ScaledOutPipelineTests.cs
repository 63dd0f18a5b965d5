using ChatHub.Kafka.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatHub.Kafka.Tests.EndToEnd;

/// <summary>
/// Issue 7's acceptance test: the hub scaled out to separate OS processes — ingress, two workers, egress — on the
/// mock Kafka cluster (3 brokers) and a real redis-server, fed by Telegram webhooks, answering from the
/// hot-question cache into a fake Telegram Bot API. A worker is killed with SIGKILL in the middle of the load and
/// started again; in the other test a broker is down for 10 s. Every message must get exactly one final reply
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
        const int conversations = 100, perConversation = 20, total = conversations * perConversation;
        await using var deployment = await PipelineDeployment.StartAsync(fixture.Cluster, fixture.NewPrefix());
        await deployment.StartThreeRolesAsync().WaitAsync(HardTimeout);
        using var cancel = new CancellationTokenSource(HardTimeout);

        var sending = deployment.SendAsync(conversations, perConversation, cancel.Token);
        await WaitUntilAsync(() => deployment.Accepted >= total / 3, cancel.Token);
        var answeredAtDown = deployment.Telegram.Answered;
        fixture.Cluster.SetBrokerDown(1);
        output.WriteLine($"broker 1 down with {deployment.Accepted} accepted, {answeredAtDown} answered");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), cancel.Token); // the outage itself, not a wait for a result
        }
        finally
        {
            fixture.Cluster.SetBrokerUp(1);
        }

        output.WriteLine($"broker 1 up with {deployment.Accepted} accepted, {deployment.Telegram.Answered} answered");
        await sending.WaitAsync(cancel.Token);
        await WhenAllAnsweredOrGiveUpAsync(deployment, total, cancel.Token);
        await QuietAsync(deployment, cancel.Token);

        Assert.True(answeredAtDown < total, "the broker must go down while messages are still in the pipeline");
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
        output.WriteLine($"answered per worker process [3201]: {string.Join(", ", deployment.Nodes.Where(n => n.Events(3201) > 0).Select(n => $"{n.Name} {n.Events(3201)}"))}; redeliveries: worker skipped as done [3401]: {Sum(3401)}, waited on a lease [3402]: {Sum(3402)}, lease still held [3403]: {Sum(3403)}, egress duplicates suppressed [3303]: {Sum(3303)}, handler retries [3011]: {Sum(3011)}, dead-lettered [3012]: {Sum(3012)}");
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
        while (Environment.TickCount64 - deployment.Telegram.LastReplyTicks < 3_000)
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
