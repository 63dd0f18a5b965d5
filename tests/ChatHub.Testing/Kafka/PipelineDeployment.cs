using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChatHub.Testing.Processes;
using ChatHub.Testing.Telegram;

namespace ChatHub.Testing.Kafka;

/// <summary>
/// The scaled-out hub on one machine: hub processes in separate roles against the mock Kafka cluster (in this
/// process; children connect through its bootstrap list) and a real redis-server, Telegram webhooks in and a fake
/// Telegram Bot API out. The mock cannot serve the admin API's CreateTopics, so the topics are created here with
/// <c>rd_kafka_mock_topic_create</c> before any hub starts; the hubs' create-if-missing check then finds them.
/// </summary>
public sealed class PipelineDeployment : IAsyncDisposable
{
    public const string WebhookSecret = "e2e-secret_0123456789";
    public const int Partitions = 12;

    private static readonly string[] LogicalTopics = ["chat.inbound", "chat.inbound.bulk", "chat.outbound", "chat.dlq"];

    /// <summary>Knowledge-base headings: warmed into the hot-question cache at start, so no model is needed.</summary>
    private static readonly string[] Questions =
    [
        "What is ChatHub?",
        "Which platforms does ChatHub support?",
        "How do I connect a Telegram bot?",
    ];

    private readonly MockKafkaCluster _cluster;
    private readonly string _prefix;
    private readonly string _logDirectory;
    private readonly HttpClient _webhooks;
    private readonly List<HubProcess> _nodes = [];
    private int _accepted;
    private int _retries;

    private PipelineDeployment(MockKafkaCluster cluster, string prefix, RespServerProcess redis, FakeBotApi telegram)
    {
        _cluster = cluster;
        _prefix = prefix;
        Redis = redis;
        Telegram = telegram;
        _logDirectory = Path.Combine(AppContext.BaseDirectory, "e2e-logs", prefix.TrimEnd('-'));
        _webhooks = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(60), // longer than Kafka:Producer:DeliveryTimeout: ingress answers first
        };
    }

    public RespServerProcess Redis { get; }

    public FakeBotApi Telegram { get; }

    public HubProcess? Ingress { get; private set; }

    /// <summary>Every node started, including killed ones (their event counts stay readable).</summary>
    public IReadOnlyList<HubProcess> Nodes => _nodes;

    /// <summary>Webhook POSTs answered 200 (each message once, however many attempts it took).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Webhook attempts that were not answered 200 and were sent again (as Telegram does).</summary>
    public int Retries => Volatile.Read(ref _retries);

    public string LogDirectory => _logDirectory;

    /// <summary>The physical topics of this deployment (its prefix + the logical names), each with <see cref="Partitions"/>.</summary>
    public IReadOnlyList<string> Topics => [.. LogicalTopics.Select(topic => _prefix + topic)];

    public static async Task<PipelineDeployment> StartAsync(MockKafkaCluster cluster, string prefix)
    {
        foreach (var topic in LogicalTopics)
        {
            cluster.CreateTopic(prefix + topic, Partitions);
        }

        var redis = await RespServerProcess.StartAsync("redis");
        FakeBotApi? telegram = null;
        try
        {
            telegram = await FakeBotApi.StartAsync();
            return new PipelineDeployment(cluster, prefix, redis, telegram);
        }
        catch
        {
            if (telegram is not null)
            {
                await telegram.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>The hub's settings for one role: what an operator would pass (docs/operations.md, "Scaling out").</summary>
    public Dictionary<string, string> Settings(string roles) => new(StringComparer.Ordinal)
    {
        ["Hub:Roles"] = roles,
        ["Kafka:BootstrapServers"] = _cluster.BootstrapServers,
        ["Kafka:TopicPrefix"] = _prefix,
        ["ConnectionStrings:Redis"] = Redis.ConnectionString,
        ["Redis:KeyPrefix"] = _prefix,
        ["Channels:Telegram:Token"] = FakeBotApi.Token,
        ["Channels:Telegram:ApiBaseUrl"] = Telegram.BaseAddress.ToString().TrimEnd('/'),
        ["Channels:Telegram:Mode"] = "webhook",
        ["Channels:Telegram:WebhookSecret"] = WebhookSecret,
        ["Channels:Telegram:PerChatPerSecond"] = "30",
        ["Channels:Telegram:PerChatBurst"] = "30",
        ["Channels:Telegram:PerGroupPerMinute"] = "600",
        ["Channels:Telegram:GlobalPerSecond"] = "1000",
        ["RateLimits:Enabled"] = "false",
        ["Hub:PartialReplyInterval"] = "00:00:00",
        // A killed worker's leases block its messages this long; short so that the test recovers quickly.
        ["Hub:ProcessingLease"] = "00:00:05",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:ChatHub.Conversation.Pipeline"] = "Information",
        // One line per answered message (event 3201: message id, source, time; never the text): who processed what.
        ["Logging:LogLevel:ChatHub.Conversation.Pipeline.MessageProcessor"] = "Debug",
    };

    /// <summary>Starts one hub process; <paramref name="adjust"/> changes its settings first (the benchmark's embedded baseline drops Kafka and Redis).</summary>
    public async Task<HubProcess> StartNodeAsync(string name, string roles, Action<Dictionary<string, string>>? adjust = null)
    {
        var settings = Settings(roles);
        adjust?.Invoke(settings);
        var node = await HubProcess.StartAsync(name, settings, _logDirectory);
        lock (_nodes)
        {
            _nodes.Add(node);
        }

        if (roles == "all" || roles.Contains("ingress", StringComparison.Ordinal))
        {
            Ingress ??= node;
        }

        return node;
    }

    /// <summary>Ingress, two workers and egress, each its own process (started in parallel), <paramref name="adjust"/> applied to each.</summary>
    public async Task StartThreeRolesAsync(Action<Dictionary<string, string>>? adjust = null)
    {
        await Task.WhenAll(
            StartNodeAsync("ingress", "ingress", adjust),
            StartNodeAsync("worker-1", "worker", adjust),
            StartNodeAsync("worker-2", "worker", adjust),
            StartNodeAsync("egress", "egress", adjust));
    }

    /// <summary>Chat id (also user id) of conversation <paramref name="conversation"/>.</summary>
    public static long ChatId(int conversation) => 10_000 + conversation;

    /// <summary>update_id = message_id of message <paramref name="index"/> (below 1,000,000) of a conversation (unique, increasing).</summary>
    public static long MessageId(int conversation, int index) => (conversation * 1_000_000L) + index + 1;

    /// <summary>
    /// Sends <paramref name="perConversation"/> messages in each of <paramref name="conversations"/> conversations,
    /// one after another within a conversation (the next only after the previous was answered 200), all
    /// conversations at once. A POST not answered 200 is sent again, as Telegram redelivers a webhook.
    /// </summary>
    public Task SendAsync(int conversations, int perConversation, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, conversations).Select(async c =>
        {
            for (var i = 0; i < perConversation; i++)
            {
                await PostUntilAcceptedAsync(c, i, cancellationToken);
            }
        }));

    public async ValueTask DisposeAsync()
    {
        _webhooks.Dispose();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Telegram.DisposeAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>POSTs message <paramref name="index"/> of a conversation as a Telegram update until ingress answers 200.</summary>
    public async Task PostUntilAcceptedAsync(int conversation, int index, CancellationToken cancellationToken)
    {
        var chatId = ChatId(conversation).ToString(CultureInfo.InvariantCulture);
        var id = MessageId(conversation, index).ToString(CultureInfo.InvariantCulture);
        var text = JsonSerializer.Serialize(Questions[(conversation + index) % Questions.Length]);
        var body = $$$"""{"update_id":{{{id}}},"message":{"message_id":{{{id}}},"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"E2E","language_code":"en"},"chat":{"id":{{{chatId}}},"type":"private","first_name":"E2E"},"date":1767225600,"text":{{{text}}}}}""";
        var webhook = new Uri(Ingress!.Address, "/webhooks/telegram");
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", WebhookSecret);
                using var response = await _webhooks.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _accepted);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // retried below
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), cancellationToken);
        }
    }
}
