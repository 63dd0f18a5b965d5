using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// In-process token buckets: per chat (<see cref="TelegramOptions.PerChatPerSecond"/>, burst
/// <see cref="TelegramOptions.PerChatBurst"/>), per group (<see cref="TelegramOptions.PerGroupPerMinute"/>) and
/// overall (<see cref="TelegramOptions.GlobalPerSecond"/>). A budget is taken from all of them at once, under one
/// lock. A 429 pauses the chat until its retry_after has passed.
/// </summary>
/// <remarks>
/// Waiting sends never poll. Each chat keeps its waiters in arrival order (so sends to one chat go out in order);
/// a chat whose own budget (chat, group, pause) is spent sleeps in a queue ordered by when it is due; a chat whose
/// next send only lacks the global budget waits in a round-robin FIFO (one send per turn, so a busy chat cannot
/// starve the others). One timer wakes the limiter at the earliest moment anything can go; the wake-up grants
/// every send that fits and completes it outside the lock. Chats idle for <see cref="IdleAfter"/> are forgotten,
/// swept at most every <see cref="SweepInterval"/>.
/// </remarks>
public sealed class InMemoryTelegramRateLimiter : ITelegramRateLimiter, IDisposable
{
    internal static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<long, ChatBudget> _chats = [];
    private readonly LinkedList<ChatBudget> _ready = new();
    private readonly PriorityQueue<ChatBudget, long> _sleeping = new();
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly TokenBucket _global;
    private readonly ITimer _timer;
    private long _timerDueAt = long.MaxValue;
    private long _lastSweep;
    private long _wakeups;

    public InMemoryTelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _time = time;
        var now = time.GetTimestamp();
        _global = new TokenBucket(_options.GlobalPerSecond, _options.GlobalPerSecond, now);
        _lastSweep = now;
        _timer = time.CreateTimer(static state => ((InMemoryTelegramRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    internal int TrackedChats
    {
        get
        {
            lock (_gate)
            {
                return _chats.Count;
            }
        }
    }

    /// <summary>Timer wake-ups so far (diagnostics and tests: waiting sends must not poll).</summary>
    internal long Wakeups => Interlocked.Read(ref _wakeups);

    public void Dispose() => _timer.Dispose();

    public ValueTask AcquireAsync(long chatId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        List<Waiter>? granted;
        lock (_gate)
        {
            var now = Now();
            var budget = Budget(chatId, now);
            if (budget.Waiters.Count == 0 && _ready.Count == 0 && TryTakeLocked(budget, now))
            {
                return ValueTask.CompletedTask;
            }

            waiter = new Waiter(this, budget);
            waiter.Node = budget.Waiters.AddLast(waiter);
            if (budget.State == ChatState.Idle)
            {
                budget.State = ChatState.Ready;
                budget.ReadyNode = _ready.AddLast(budget);
            }

            granted = PumpLocked(now);
        }

        Complete(granted);
        return waiter.Completion.Task.IsCompleted || !cancellationToken.CanBeCanceled
            ? new ValueTask(waiter.Completion.Task)
            : new ValueTask(WaitAsync(waiter, cancellationToken));
    }

    private static async Task WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Owner.Cancel((Waiter)state!, token), waiter))
        {
            await waiter.Completion.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes synchronously: nothing here waits, so the token is not needed. Never overtakes a waiting send:
    /// false while sends to the chat, or sends short of the global budget, are queued.
    /// </summary>
    public ValueTask<bool> TryAcquireAsync(long chatId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = Now();
            var budget = Budget(chatId, now);
            return ValueTask.FromResult(budget.Waiters.Count == 0 && _ready.Count == 0 && TryTakeLocked(budget, now));
        }
    }

    /// <summary>Completes synchronously (see <see cref="TryAcquireAsync"/>).</summary>
    public ValueTask PauseAsync(long chatId, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = Now();
            var budget = Budget(chatId, now);
            var until = now + (long)(retryAfter.TotalSeconds * _time.TimestampFrequency);
            budget.PausedUntil = Math.Max(budget.PausedUntil, until);
        }

        // A chat already waiting finds out at its next turn (it sleeps again until the pause is over).
        return ValueTask.CompletedTask;
    }

    private long Now()
    {
        var now = _time.GetTimestamp();
        if (now - _lastSweep >= (long)(SweepInterval.TotalSeconds * _time.TimestampFrequency))
        {
            _lastSweep = now;
            Sweep(now);
        }

        return now;
    }

    /// <summary>Takes one token from every bucket of the chat if all have one (and the chat is not paused).</summary>
    private bool TryTakeLocked(ChatBudget budget, long now)
    {
        budget.LastUsed = now;
        if (ChatWait(budget, now) > 0 || _global.WaitTicks(now, _time.TimestampFrequency) > 0)
        {
            return false;
        }

        budget.Chat.Take();
        budget.Group?.Take();
        _global.Take();
        return true;
    }

    /// <summary>Timestamp ticks until the chat's own budgets (pause, chat, group) allow one more send.</summary>
    private long ChatWait(ChatBudget budget, long now)
    {
        var frequency = _time.TimestampFrequency;
        var wait = Math.Max(budget.PausedUntil - now, 0);
        wait = Math.Max(wait, budget.Chat.WaitTicks(now, frequency));
        if (budget.Group is { } group)
        {
            wait = Math.Max(wait, group.WaitTicks(now, frequency));
        }

        return wait;
    }

    /// <summary>Grants every waiting send that fits now, in order; arms the timer for the next one. Under the lock.</summary>
    private List<Waiter>? PumpLocked(long now)
    {
        List<Waiter>? granted = null;
        while (_sleeping.TryPeek(out var sleeper, out var dueAt) && dueAt <= now)
        {
            _sleeping.Dequeue();
            if (sleeper.State == ChatState.Sleeping && sleeper.SleepUntil == dueAt)
            {
                sleeper.State = ChatState.Ready;
                sleeper.ReadyNode = _ready.AddLast(sleeper);
            }
        }

        var globalWait = 0L;
        while (_ready.First is { } node)
        {
            var budget = node.Value;
            if (budget.Waiters.First is not { } first)
            {
                RemoveReady(budget, ChatState.Idle); // its waiters were cancelled
                continue;
            }

            var chatWait = ChatWait(budget, now);
            if (chatWait > 0)
            {
                RemoveReady(budget, ChatState.Sleeping);
                budget.SleepUntil = now + chatWait;
                _sleeping.Enqueue(budget, budget.SleepUntil);
                continue;
            }

            globalWait = _global.WaitTicks(now, _time.TimestampFrequency);
            if (globalWait > 0)
            {
                break; // the rest wait for the global budget, in this order
            }

            budget.Chat.Take();
            budget.Group?.Take();
            _global.Take();
            budget.LastUsed = now;
            budget.Waiters.RemoveFirst();
            first.Value.Node = null;
            (granted ??= []).Add(first.Value);

            // Round robin: a chat with more waiting sends goes to the back of the line.
            RemoveReady(budget, ChatState.Idle);
            if (budget.Waiters.Count > 0)
            {
                budget.State = ChatState.Ready;
                budget.ReadyNode = _ready.AddLast(budget);
            }
        }

        var next = long.MaxValue;
        if (_ready.Count > 0)
        {
            next = now + Math.Max(globalWait, 1);
        }

        if (_sleeping.TryPeek(out _, out var sleepUntil))
        {
            next = Math.Min(next, sleepUntil);
        }

        Arm(next, now);
        return granted;
    }

    private void RemoveReady(ChatBudget budget, ChatState state)
    {
        _ready.Remove(budget.ReadyNode!);
        budget.ReadyNode = null;
        budget.State = state;
    }

    private void Arm(long dueAt, long now)
    {
        if (dueAt == long.MaxValue || dueAt >= _timerDueAt)
        {
            return; // nothing to wait for, or the timer already fires at or before then
        }

        _timerDueAt = dueAt;
        _timer.Change(TimeSpan.FromSeconds((dueAt - now) / (double)_time.TimestampFrequency), Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        Interlocked.Increment(ref _wakeups);
        List<Waiter>? granted;
        lock (_gate)
        {
            _timerDueAt = long.MaxValue;
            granted = PumpLocked(_time.GetTimestamp());
        }

        Complete(granted);
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        List<Waiter>? granted = null;
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return; // granted already
            }

            var budget = waiter.Budget;
            var wasHead = budget.Waiters.First == waiter.Node;
            budget.Waiters.Remove(waiter.Node);
            waiter.Node = null;
            if (wasHead && budget.State == ChatState.Ready)
            {
                granted = PumpLocked(_time.GetTimestamp()); // the next one may be able to go
            }
        }

        waiter.Completion.TrySetCanceled(token);
        Complete(granted);
    }

    private static void Complete(List<Waiter>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (var waiter in granted)
        {
            waiter.Completion.TrySetResult();
        }
    }

    private ChatBudget Budget(long chatId, long now)
    {
        if (!_chats.TryGetValue(chatId, out var budget))
        {
            budget = new ChatBudget(
                new TokenBucket(_options.PerChatBurst, _options.PerChatPerSecond, now),
                chatId < 0 ? new TokenBucket(_options.PerGroupPerMinute, _options.PerGroupPerMinute / 60.0, now) : null);
            _chats[chatId] = budget;
        }

        return budget;
    }

    private void Sweep(long now)
    {
        var idle = (long)(IdleAfter.TotalSeconds * _time.TimestampFrequency);
        foreach (var (chatId, budget) in _chats)
        {
            if (budget.State == ChatState.Idle && budget.Waiters.Count == 0 && now - budget.LastUsed > idle && budget.PausedUntil <= now)
            {
                _chats.Remove(chatId);
            }
        }
    }

    private enum ChatState
    {
        Idle,
        Ready,
        Sleeping,
    }

    private sealed class ChatBudget(TokenBucket chat, TokenBucket? group)
    {
        public TokenBucket Chat { get; } = chat;

        public TokenBucket? Group { get; } = group;

        public LinkedList<Waiter> Waiters { get; } = new();

        public ChatState State { get; set; }

        public LinkedListNode<ChatBudget>? ReadyNode { get; set; }

        public long SleepUntil { get; set; }

        public long PausedUntil { get; set; }

        public long LastUsed { get; set; }
    }

    private sealed class Waiter(InMemoryTelegramRateLimiter owner, ChatBudget budget)
    {
        public InMemoryTelegramRateLimiter Owner { get; } = owner;

        public ChatBudget Budget { get; } = budget;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
