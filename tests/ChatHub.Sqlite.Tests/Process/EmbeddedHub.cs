using ChatHub.Sqlite.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using ChatHub.Testing.Telegram;
using ChatHub.Testing.Processes;

namespace ChatHub.Sqlite.Tests.Process;

/// <summary>
/// The embedded hub as a real process (src/Hub's build output on Kestrel, no Redis, no Kafka) on its default durable
/// storage in a temporary folder, with Telegram in webhook mode against a <see cref="FakeBotApi"/> that outlives
/// it. <see cref="KillAsync"/> is <c>kill -9</c>; <see cref="StartAsync()"/> starts it again on the same folder.
/// <para>
/// <c>CHATHUB_TEST_STORAGE_PROVIDER=memory</c> runs the same tests on the ephemeral stores, which is how the loss of the
/// old in-memory default is reproduced (docs/reliability.md); those runs are expected to fail.
/// </para>
/// </summary>
public sealed class EmbeddedHub : IAsyncDisposable
{
    public const string WebhookSecret = "durable-secret_0123456789";

    private readonly TemporaryFolder _storage = new();
    private readonly Dictionary<string, string> _overrides;
    private readonly string _logDirectory = Path.Combine(AppContext.BaseDirectory, "durable-logs");
    private HubProcess? _node;
    private int _starts;

    private EmbeddedHub(FakeBotApi telegram, IDictionary<string, string>? overrides)
    {
        Telegram = telegram;
        _overrides = new Dictionary<string, string>(overrides ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    public FakeBotApi Telegram { get; }

    public string StoragePath => _storage.Path;

    /// <summary>Whether this run keeps its state (false when the provider was overridden to memory).</summary>
    public static bool IsDurable => !string.Equals(Environment.GetEnvironmentVariable("CHATHUB_TEST_STORAGE_PROVIDER"), "memory", StringComparison.OrdinalIgnoreCase);

    /// <summary>The running hub; throws while it is down.</summary>
    public HubProcess Node => _node ?? throw new InvalidOperationException("The hub is not running.");

    /// <summary>The running hub's address, or null while it is down.</summary>
    public Uri? Address => Volatile.Read(ref _node)?.Address;

    public static async Task<EmbeddedHub> StartAsync(IDictionary<string, string>? overrides = null)
    {
        var telegram = await FakeBotApi.StartAsync();
        var hub = new EmbeddedHub(telegram, overrides);
        try
        {
            await hub.StartAsync();
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the hub (again) on the same storage folder.</summary>
    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage:Path"] = _storage.Path,
            ["Storage:Provider"] = IsDurable ? "sqlite" : "memory",
            ["Channels:Telegram:Token"] = FakeBotApi.Token,
            ["Channels:Telegram:ApiBaseUrl"] = Telegram.BaseAddress.ToString().TrimEnd('/'),
            ["Channels:Telegram:Mode"] = "webhook",
            ["Channels:Telegram:WebhookSecret"] = WebhookSecret,
            ["Channels:Telegram:PerChatPerSecond"] = "30",
            ["Channels:Telegram:PerChatBurst"] = "30",
            ["Channels:Telegram:PerGroupPerMinute"] = "600",
            ["Channels:Telegram:GlobalPerSecond"] = "1000",
            ["RateLimits:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging:LogLevel:ChatHub.Sqlite"] = "Information",
            ["Logging:LogLevel:ChatHub.Conversation.Pipeline"] = "Information",
        };
        foreach (var (key, value) in _overrides)
        {
            settings[key] = value;
        }

        var node = await HubProcess.StartAsync($"embedded-{++_starts}", settings, _logDirectory);
        Volatile.Write(ref _node, node);
    }

    /// <summary>kill -9, with whatever the hub had in flight.</summary>
    public async Task KillAsync()
    {
        var node = Interlocked.Exchange(ref _node, null) ?? throw new InvalidOperationException("The hub is not running.");
        node.Kill();
        await node.DisposeAsync();
    }

    /// <summary>
    /// Holds the Bot API, waits for the calls already past the hold to finish, and then until every reply it posted is
    /// recorded as sent in the hub's database (its egress done marker committed). A kill then finds no reply that the platform has and the hub does not know of: Telegram's
    /// sendMessage has no idempotency key, so a reply posted in the milliseconds before its marker commits would be
    /// sent again after a restart (the last hop's known gap, docs/message-flow.md). With the memory provider there is
    /// no database to wait for.
    /// </summary>
    public async Task QuiesceEgressAsync(CancellationToken cancellationToken)
    {
        Telegram.Pause();
        if (!IsDurable)
        {
            return;
        }


        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (Telegram.InFlight > 0 || EgressDoneMarkers() < Telegram.Answered)
        {
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>The done markers egress committed (read-only, next to the running hub: WAL lets another process read).</summary>
    public long EgressDoneMarkers()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_storage.Path, StorageOptions.FileName), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM idempotency WHERE key LIKE 'egress:%' AND value = 'done'";
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _node, null) is { } node)
        {
            await node.DisposeAsync();
        }

        await Telegram.DisposeAsync();
        _storage.Dispose();
    }
}
