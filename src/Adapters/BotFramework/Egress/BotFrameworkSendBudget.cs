using ChatHub.Adapters.Telegram.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// The bot's outbound budget toward the Bot Connector, in this process: per conversation the windows Teams documents
/// (<see cref="BotFrameworkOptions.BudgetPerConversationPerSecond"/> a second, …PerTwoSeconds, …PerThirtySeconds,
/// …PerHour) and per tenant (the conversation's Entra tenant, else the bot's <see cref="BotFrameworkOptions.TenantId"/>,
/// else the service URL) a token bucket of <see cref="BotFrameworkOptions.BudgetPerTenantPerSecond"/> with a burst of
/// <see cref="BotFrameworkOptions.BudgetPerTenantBurst"/>. Every post (sends, retries, typing) takes one from both.
/// A 429 pauses the conversation and its tenant for the Retry-After.
/// </summary>
/// <remarks>
/// Waiting sends queue in turn, first per conversation (so its sends go out in order), then per tenant (one waiter
/// sleeps until the tenant's next token, the others queue behind it: no herd), each sleeping on the
/// <see cref="TimeProvider"/> until the moment its budget allows, never polling. A send waits at most
/// <see cref="BotFrameworkOptions.BudgetMaxWait"/>; beyond it, it is handed back (transient: the bus retries it).
/// Conversations and tenants nobody waits for, with every window empty again, are forgotten, swept at most every
/// <see cref="SweepInterval"/>, so memory follows the active conversations of the last hour.
/// </remarks>
internal sealed class BotFrameworkSendBudget
{
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Budget> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Budget> _tenants = new(StringComparer.Ordinal);
    private readonly BotFrameworkOptions _options;
    private readonly TimeProvider _time;
    private readonly long _idleAfter;
    private long _lastSweep;

    public BotFrameworkSendBudget(IOptions<BotFrameworkOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _time = time;
        _idleAfter = Ticks(TimeSpan.FromHours(1));
        _lastSweep = time.GetTimestamp();
    }

    internal int TrackedConversations
    {
        get
        {
            lock (_gate)
            {
                return _conversations.Count;
            }
        }
    }

    internal int TrackedTenants
    {
        get
        {
            lock (_gate)
            {
                return _tenants.Count;
            }
        }
    }

    /// <summary>The key of the tenant budget: the conversation's tenant, else the bot's, else the service URL.</summary>
    public string TenantOf(BotFrameworkTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var tenant = string.IsNullOrWhiteSpace(target.TenantId) ? _options.TenantId : target.TenantId;
        return string.IsNullOrWhiteSpace(tenant)
            ? "url:" + target.ServiceUrl.GetLeftPart(UriPartial.Path).ToUpperInvariant()
            : "tenant:" + tenant.Trim().ToUpperInvariant();
    }

    /// <summary>
    /// Waits until one more post to the conversation is within both budgets, then takes it; false (nothing taken)
    /// when that would take longer than <see cref="BotFrameworkOptions.BudgetMaxWait"/>.
    /// </summary>
    public async ValueTask<bool> AcquireAsync(BotFrameworkTarget target, CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + Ticks(_options.BudgetMaxWait);
        using var timeout = new CancellationTokenSource(_options.BudgetMaxWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var (conversation, tenant) = Rent(target);
        try
        {
            await conversation.Turn.WaitAsync(linked.Token);
            try
            {
                // Our own windows first (only this turn takes from them), then the tenant's, holding its turn.
                if (!await SleepAsync(conversation, null, deadline, linked.Token))
                {
                    return false;
                }

                await tenant.Turn.WaitAsync(linked.Token);
                try
                {
                    return await SleepAsync(conversation, tenant, deadline, linked.Token);
                }
                finally
                {
                    tenant.Turn.Release();
                }
            }
            finally
            {
                conversation.Turn.Release();
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            Return(conversation, tenant);
        }
    }

    /// <summary>Takes one post of budget if it is there now and nobody waits for it; false (nothing taken) otherwise.</summary>
    public bool TryAcquire(BotFrameworkTarget target)
    {
        var (conversation, tenant) = Rent(target);
        try
        {
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                if (conversation.Users > 1 || tenant.Turn.CurrentCount == 0 || conversation.WaitTicks(now) > 0 || tenant.WaitTicks(now) > 0)
                {
                    return false;
                }

                conversation.Take(now);
                tenant.Take(now);
                return true;
            }
        }
        finally
        {
            Return(conversation, tenant);
        }
    }

    /// <summary>The connector answered 429: no post to the conversation or its tenant until <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(BotFrameworkTarget target, TimeSpan retryAfter)
    {
        var (conversation, tenant) = Rent(target);
        lock (_gate)
        {
            var until = _time.GetTimestamp() + Ticks(retryAfter);
            conversation.PausedUntil = Math.Max(conversation.PausedUntil, until);
            tenant.PausedUntil = Math.Max(tenant.PausedUntil, until);
        }

        Return(conversation, tenant);
    }

    /// <summary>Sleeps until the conversation's (and the tenant's, when given) budget allows a post; takes it when the tenant is given.</summary>
    private async ValueTask<bool> SleepAsync(Budget conversation, Budget? tenant, long deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            long wait;
            lock (_gate)
            {
                var now = _time.GetTimestamp();
                wait = Math.Max(conversation.WaitTicks(now), tenant?.WaitTicks(now) ?? 0);
                if (wait == 0)
                {
                    if (tenant is not null)
                    {
                        conversation.Take(now);
                        tenant.Take(now);
                    }

                    return true;
                }

                if (now + wait > deadline)
                {
                    return false;
                }
            }

            // Rounded up to whole TimeSpan ticks: a wake-up is never early.
            await Task.Delay(TimeSpan.FromTicks((long)Math.Ceiling(wait * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)), _time, cancellationToken);
        }
    }

    private (Budget Conversation, Budget Tenant) Rent(BotFrameworkTarget target)
    {
        var tenantKey = TenantOf(target);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (now - _lastSweep >= Ticks(SweepInterval))
            {
                _lastSweep = now;
                Sweep(_conversations, now);
                Sweep(_tenants, now);
            }

            var conversationKey = tenantKey + "|" + target.ConversationId;
            if (!_conversations.TryGetValue(conversationKey, out var conversation))
            {
                conversation = Budget.ForConversation(_options, _time.TimestampFrequency);
                _conversations[conversationKey] = conversation;
            }

            if (!_tenants.TryGetValue(tenantKey, out var tenant))
            {
                tenant = Budget.ForTenant(_options, now, _time.TimestampFrequency);
                _tenants[tenantKey] = tenant;
            }

            conversation.Users++;
            tenant.Users++;
            return (conversation, tenant);
        }
    }

    private void Return(Budget conversation, Budget tenant)
    {
        lock (_gate)
        {
            conversation.Users--;
            tenant.Users--;
        }
    }

    private void Sweep(Dictionary<string, Budget> budgets, long now)
    {
        foreach (var (key, budget) in budgets)
        {
            if (budget.Users == 0 && now - budget.LastUsed > _idleAfter && budget.PausedUntil <= now)
            {
                budgets.Remove(key);
                budget.Dispose();
            }
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>One conversation's windows, or one tenant's bucket; its turn; who holds it. Guarded by the owner's lock (the turn excepted).</summary>
    private sealed class Budget : IDisposable
    {
        private readonly SendWindow[] _windows;
        private readonly SegmentedSendWindow? _hourly;
        private readonly TokenBucket? _bucket;
        private readonly long _frequency;

        private Budget(SendWindow[] windows, SegmentedSendWindow? hourly, TokenBucket? bucket, long frequency)
        {
            _windows = windows;
            _hourly = hourly;
            _bucket = bucket;
            _frequency = frequency;
        }

        public SemaphoreSlim Turn { get; } = new(1, 1);

        public int Users { get; set; }

        public long PausedUntil { get; set; }

        public long LastUsed { get; private set; } = long.MinValue / 2;

        public static Budget ForConversation(BotFrameworkOptions options, long frequency) => new(
            [
                new SendWindow(options.BudgetPerConversationPerSecond, frequency),
                new SendWindow(options.BudgetPerConversationPerTwoSeconds, 2 * frequency),
                new SendWindow(options.BudgetPerConversationPerThirtySeconds, 30 * frequency),
            ],
            new SegmentedSendWindow(options.BudgetPerConversationPerHour, 3600 * frequency, 60),
            null,
            frequency);

        public static Budget ForTenant(BotFrameworkOptions options, long now, long frequency) =>
            new([], null, new TokenBucket(options.BudgetPerTenantBurst, options.BudgetPerTenantPerSecond, now), frequency);

        public void Dispose() => Turn.Dispose();

        public long WaitTicks(long now)
        {
            var wait = Math.Max(0, PausedUntil - now);
            foreach (var window in _windows)
            {
                wait = Math.Max(wait, window.WaitTicks(now));
            }

            wait = Math.Max(wait, _hourly?.WaitTicks(now) ?? 0);
            return Math.Max(wait, _bucket?.WaitTicks(now, _frequency) ?? 0);
        }

        public void Take(long now)
        {
            LastUsed = now;
            foreach (var window in _windows)
            {
                window.Take(now);
            }

            _hourly?.Take(now);
            _bucket?.Take();
        }
    }
}
