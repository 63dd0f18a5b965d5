using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Pipeline;
using Cronos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// The operations behind <c>/admin/broadcasts</c>: create (checked; idempotent by the client's key), read progress,
/// cancel. Creating and cancelling are recorded in the audit log under the broadcast's id, with the admin key's name
/// and never the text. <see cref="BroadcastSender"/> does the sending.
/// </summary>
public sealed partial class BroadcastService
{
    private const int MaxIdempotencyKeyLength = 200;
    private const int MaxChannels = 16;

    private readonly IBroadcastStore _store;
    private readonly IAuditLog _audit;
    private readonly EgressDispatcher _egress;
    private readonly BroadcastOptions _options;
    private readonly HubOptions _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<BroadcastService> _logger;

    public BroadcastService(
        IBroadcastStore store, IAuditLog audit, EgressDispatcher egress, IOptions<BroadcastOptions> options, IOptions<HubOptions> hub, TimeProvider time,
        ILogger<BroadcastService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        _store = store;
        _audit = audit;
        _egress = egress;
        _options = options.Value;
        _hub = hub.Value;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<BroadcastCreateResult> CreateAsync(BroadcastDraft draft, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Check(draft, out var text, out var cron) is { } error)
        {
            LogRefused(_logger, caller, error);
            return BroadcastCreateResult.Invalid(error);
        }

        var now = _time.GetUtcNow();
        var first = cron is null ? (draft.SendAt is { } at && at > now ? at : now) : cron.GetNextOccurrence(now, TimeZoneInfo.Utc);
        if (first is null)
        {
            return BroadcastCreateResult.Invalid("'cron' has no future occurrence.");
        }

        var broadcast = new Broadcast
        {
            Id = BroadcastIds.NewId(),
            IdempotencyKey = draft.IdempotencyKey,
            Text = text!,
            Template = draft.Template,
            Audience = Normalize(draft.Audience!),
            Cron = draft.Cron,
            CreatedBy = caller,
            CreatedAt = now,
            Status = BroadcastStatus.Scheduled,
            NextRunAt = first.Value,
        };
        var (stored, created) = await _store.CreateAsync(broadcast, cancellationToken);
        if (created)
        {
            var audience = stored.Audience.Describe();
            await AuditAsync(stored.Id, AuditActions.BroadcastCreate, $"{audience}, first run {stored.NextRunAt:O}{(stored.Cron is null ? "" : ", cron " + stored.Cron)}, by admin key '{caller}'", cancellationToken);
            LogCreated(_logger, stored.Id, caller, audience, stored.NextRunAt);
        }

        return new BroadcastCreateResult(stored, created, null);
    }

    /// <summary>The broadcast with its current run's counts and failures <paramref name="offset"/> to offset + limit; null when unknown.</summary>
    public async ValueTask<BroadcastProgress?> GetProgressAsync(string id, int offset, int limit, CancellationToken cancellationToken)
    {
        if (!BroadcastIds.IsWellFormed(id) || await _store.GetAsync(id, cancellationToken) is not { } broadcast)
        {
            return null;
        }

        var counts = await _store.CountAsync(id, broadcast.Run, cancellationToken);
        var failures = await _store.ListAsync(id, broadcast.Run, RecipientState.Failed, offset, limit, cancellationToken);
        return new BroadcastProgress(broadcast, counts, failures);
    }

    /// <summary>Cancels the broadcast: its pending recipients are not sent, and no later run starts. Null when unknown.</summary>
    public async ValueTask<Broadcast?> CancelAsync(string id, string caller, CancellationToken cancellationToken)
    {
        if (!BroadcastIds.IsWellFormed(id) || await _store.GetAsync(id, cancellationToken) is not { } broadcast)
        {
            return null;
        }

        if (broadcast.Status is BroadcastStatus.Completed or BroadcastStatus.Cancelled)
        {
            return broadcast;
        }

        var cancelled = broadcast with { Status = BroadcastStatus.Cancelled };
        await _store.UpdateAsync(cancelled, cancellationToken);
        var count = await _store.CancelPendingAsync(id, broadcast.Run, cancellationToken);
        await AuditAsync(id, AuditActions.BroadcastCancel, $"{count} pending recipients of run {broadcast.Run} cancelled by admin key '{caller}'", cancellationToken);
        LogCancelled(_logger, id, caller, count);
        return cancelled;
    }

    private string? Check(BroadcastDraft draft, out string? text, out CronExpression? cron)
    {
        text = null;
        cron = null;
        if ((draft.Text is null) == (draft.Template is null))
        {
            return "Give either 'text' or 'template' (a name under Broadcasts:Templates).";
        }

        if (draft.Template is { } template && !_options.Templates.TryGetValue(template, out text))
        {
            return $"No template '{template}' is configured (Broadcasts:Templates).";
        }

        text ??= draft.Text;
        if (string.IsNullOrWhiteSpace(text) || text.Length > _hub.MaxMessageLength)
        {
            return $"The text must not be empty and at most {_hub.MaxMessageLength} characters.";
        }

        if (draft.IdempotencyKey is { } key && (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(char.IsControl)))
        {
            return $"The Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable characters.";
        }

        if (draft.SendAt is not null && draft.Cron is not null)
        {
            return "Give 'sendAt' or 'cron', not both.";
        }

        if (draft.Cron is { } expression)
        {
            try
            {
                cron = CronExpression.Parse(expression, CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                return $"'cron' is not a 5-field cron expression: {e.Message}";
            }
        }

        return CheckAudience(draft.Audience);
    }

    private string? CheckAudience(BroadcastAudience? audience)
    {
        var kinds = (audience?.People is not null ? 1 : 0) + (audience?.Channels is not null ? 1 : 0) + (audience?.OptedIn == true ? 1 : 0);
        if (kinds != 1)
        {
            return "'audience' needs exactly one of 'people' (hub user ids), 'channels' (channel names) or 'optedIn': true.";
        }

        if (audience!.People is { } people
            && (people.Count == 0 || people.Count > _options.MaxPeople || people.Any(p => string.IsNullOrWhiteSpace(p) || p.Length > 200)))
        {
            return $"'audience.people' must list 1 to {_options.MaxPeople} hub user ids.";
        }

        if (audience.Channels is { } channels)
        {
            if (channels.Count is 0 or > MaxChannels)
            {
                return $"'audience.channels' must list 1 to {MaxChannels} channels.";
            }

            if (channels.Any(c => c is null || !_egress.Channels.Contains(c)))
            {
                return $"'audience.channels' names a channel no sender serves here; configured: {string.Join(", ", _egress.Channels.Order(StringComparer.Ordinal))}.";
            }
        }

        return null;
    }

    private static BroadcastAudience Normalize(BroadcastAudience audience) => audience.OptedIn
        ? new BroadcastAudience(OptedIn: true)
        : new BroadcastAudience(audience.People?.Distinct(StringComparer.Ordinal).ToArray(), audience.Channels?.Distinct(StringComparer.Ordinal).ToArray());

    private ValueTask AuditAsync(string id, string action, string details, CancellationToken cancellationToken) =>
        _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), id, action, details), cancellationToken);

    [LoggerMessage(EventId = 3601, Level = LogLevel.Information, Message = "Broadcast {BroadcastId} created by admin key {Caller}: {Audience}, first run at {FirstRun:O}")]
    private static partial void LogCreated(ILogger logger, string broadcastId, string caller, string audience, DateTimeOffset firstRun);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Information, Message = "Broadcast {BroadcastId} cancelled by admin key {Caller}; {Pending} pending recipients not sent")]
    private static partial void LogCancelled(ILogger logger, string broadcastId, string caller, int pending);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Information, Message = "Broadcast refused for admin key {Caller}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string caller, Telemetry.UntrustedText reason);
}
