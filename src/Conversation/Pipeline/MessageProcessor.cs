using System.Runtime.CompilerServices;
using System.Text;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// The worker step for one inbound message: identity, route, session, command or inference, session update.
/// It returns the outbound messages (typing, partial replies, the final reply) rather than sending anything:
/// the caller publishes them.
/// </summary>
public sealed partial class MessageProcessor
{
    private readonly IIdentityMap _identities;
    private readonly IRoutingTable _routes;
    private readonly ISessionStore _sessions;
    private readonly CommandRegistry _commands;
    private readonly IChatClient _chat;
    private readonly ModerationService _moderation;
    private readonly MessageRateLimiter _rateLimiter;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MessageProcessor> _logger;
    private readonly HandoffService? _handoff;
    private readonly MemoryService? _memory;
    private readonly SessionSummarizer? _summaries;
    private readonly UsageRecorder? _usage;
    private readonly ImageResolver? _images;
    private readonly VoiceTranscriber? _voice;
    private readonly SpokenReplies? _spoken;

    public MessageProcessor(
        IIdentityMap identities,
        IRoutingTable routes,
        ISessionStore sessions,
        CommandRegistry commands,
        IChatClient chat,
        ModerationService moderation,
        MessageRateLimiter rateLimiter,
        IOptions<HubOptions> options,
        TimeProvider time,
        ILogger<MessageProcessor> logger,
        HandoffService? handoff = null,
        MemoryService? memory = null,
        SessionSummarizer? summaries = null,
        UsageRecorder? usage = null,
        ImageResolver? images = null,
        VoiceTranscriber? voice = null,
        SpokenReplies? spoken = null)
    {
        _identities = identities;
        _routes = routes;
        _sessions = sessions;
        _commands = commands;
        _chat = chat;
        _moderation = moderation;
        _rateLimiter = rateLimiter;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _handoff = handoff;
        _memory = memory;
        _summaries = summaries;
        _usage = usage;
        _images = images;
        _voice = voice;
        _spoken = spoken;
    }

    /// <summary>
    /// The replies to <paramref name="message"/>, in order. The route is recorded while the answer is worked out (a store
    /// with one writer, SQLite, commits it with the session's append: one wait instead of two), and is in place before the
    /// first reply is handed out, before a command runs and before the routes are read.
    /// </summary>
    public async IAsyncEnumerable<OutboundMessage> ProcessAsync(
        InboundMessage message, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var identity = new PlatformIdentity(message.Conversation.Channel, message.From.UserId);
        var hubUserId = await _identities.ResolveAsync(identity, cancellationToken);
        var routed = _routes.RecordAsync(hubUserId, message.Conversation, message.ReceivedAt, cancellationToken).AsTask();
        await using (var replies = ReplyAsync(message, hubUserId, routed, cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await replies.MoveNextAsync();
                }
                catch
                {
                    Observe(routed); // the answer's failure is the one reported
                    throw;
                }

                if (!moved)
                {
                    break;
                }

                await routed;
                yield return replies.Current;
            }
        }

        await routed;
    }

    private static void Observe(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private async IAsyncEnumerable<OutboundMessage> ReplyAsync(
        InboundMessage message, string hubUserId, Task routed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (await _rateLimiter.CheckAsync(hubUserId, message, cancellationToken))
        {
            case RateLimitDecision.Notify:
                LogRateLimited(_logger, message.Id, notified: true);
                yield return Reply(message, "You are sending messages faster than I can answer. Please wait a moment, then try again.", ReplySource.System);
                yield break;
            case RateLimitDecision.Drop:
                LogRateLimited(_logger, message.Id, notified: false);
                yield break;
        }

        var spoke = false; // the person spoke: the answer is spoken too where the channel has spoken replies
        if (message.Voice is not null)
        {
            // A voice message: its transcript is the message's text from here on (commands, moderation, cache, knowledge,
            // model, the session), shown to the person first so they can tell what was heard.
            var heard = _voice is null ? new VoiceInput(null, VoiceTranscriber.CannotListenReply + VoiceTranscriber.TypeInstead) : await _voice.TranscribeAsync(message, cancellationToken);
            if (heard.Transcript is { } transcript)
            {
                spoke = true;
                message = message with { Text = string.IsNullOrWhiteSpace(message.Text) ? transcript : message.Text + "\n" + transcript };
                // Said back as moderation lets it through (masked words masked); a blocked one is not said back at all.
                if (_moderation.CheckInbound(transcript, message.Conversation.Channel) is { Blocked: false } heardCheck)
                {
                    yield return Reply(message, VoiceTranscriber.Heard(heardCheck.Text), ReplySource.System) with { Kind = OutboundKind.Notice, Id = MessageIds.ReplyTo(message.Id) + "-voice" };
                }
            }
            else if (heard.Refusal is { } refusal)
            {
                if (string.IsNullOrWhiteSpace(message.Text))
                {
                    yield return Reply(message, refusal, ReplySource.System); // nothing else to answer
                    yield break;
                }

                yield return Reply(message, refusal, ReplySource.System) with { Kind = OutboundKind.Notice, Id = MessageIds.ReplyTo(message.Id) + "-voice" };
            }
        }

        if (CommandRegistry.TryParse(message.Text, out var name, out var arguments))
        {
            await routed; // a command may read or move the routes
            var result = await RunCommandAsync(message, hubUserId, name, arguments, cancellationToken);
            yield return Reply(message, result.Reply, ReplySource.System) with { Suggestions = result.Suggestions };
            foreach (var notice in Notices(message, result))
            {
                yield return notice;
            }

            yield break;
        }

        if (_handoff is { Enabled: true })
        {
            await routed;
            if (_handoff.IsOperatorChat(message.Conversation))
            {
                LogOperatorChat(_logger, message.Id); // operators talking among themselves: not for the bot
                yield break;
            }

            if (await _handoff.ActiveAsync(hubUserId, cancellationToken) is { } ticket)
            {
                // Handed off: the bot stays quiet, the operators read along (in their chat, or in the admin API).
                if (await _handoff.ForwardAsync(ticket, message, cancellationToken) is { } forwarded)
                {
                    yield return Notify(message, forwarded, 0);
                }

                yield break;
            }
        }

        var verdict = _moderation.CheckInbound(message.Text, message.Conversation.Channel);
        if (verdict.Blocked)
        {
            LogBlocked(_logger, message.Id);
            yield return Reply(message, "I can't answer that message. Please rephrase it without offensive or unwanted words.", ReplySource.System) with { IsError = true };
            yield break;
        }

        if (_memory is { Enabled: true } && MemoryService.TryParseRequest(verdict.Text, out var fact))
        {
            // "remember that …": kept as the person said it, with or without a model.
            yield return Reply(message, await _memory.RememberAsync(hubUserId, message.Conversation.Channel, fact, cancellationToken), ReplySource.System);
            yield break;
        }

        switch (await _rateLimiter.CheckAnswerAsync(hubUserId, message, cancellationToken))
        {
            case RateLimitDecision.Notify:
                LogRateLimited(_logger, message.Id, notified: true);
                yield return Reply(message, "Too many questions are coming from your network just now. Please wait a moment, then try again.", ReplySource.System);
                yield break;
            case RateLimitDecision.Drop:
                LogRateLimited(_logger, message.Id, notified: false);
                yield break;
        }

        var text = verdict.Text;
        // Pictures: image parts when the model can look at them; otherwise (or when one is refused) a word to the person.
        var images = _images is null || message.Images is not { Count: > 0 } ? ImageInput.None : await _images.ResolveAsync(message, cancellationToken);
        if (images.Notice is { } imageNotice)
        {
            if (string.IsNullOrWhiteSpace(text) && images.Parts.Count == 0)
            {
                yield return Reply(message, imageNotice, ReplySource.System); // nothing else to answer
                yield break;
            }

            yield return Reply(message, imageNotice, ReplySource.System) with { Kind = OutboundKind.Notice, Id = MessageIds.ReplyTo(message.Id) + "-images" };
        }

        var history = await _sessions.GetAsync(hubUserId, cancellationToken);
        var memories = _memory is null ? null : await _memory.RecallAsync(hubUserId, message, cancellationToken);
        var summary = _summaries is null ? null : await _summaries.GetForPromptAsync(hubUserId, history, cancellationToken);
        var prompt = new List<ChatMessage>(history.Count + 1);
        prompt.AddRange(history.Select(t => new ChatMessage(t.Role == SessionRoles.Assistant ? ChatRole.Assistant : ChatRole.User, t.Text)));
        // Platform text is only ever a user turn: it never becomes (part of) the system prompt.
        prompt.Add(images.Parts.Count == 0 ? new ChatMessage(ChatRole.User, text)
            : new ChatMessage(ChatRole.User, [.. string.IsNullOrWhiteSpace(text) ? [] : new AIContent[] { new TextContent(text) }, .. images.Parts]));

        var answer = new StringBuilder();
        var source = ReplySource.System;
        string? handoffReason = null;
        IReadOnlyCollection<string>? sources = null;
        IReadOnlyList<string>? suggestions = null;
        IReadOnlyList<LinkButton>? links = null;
        var failed = false;
        string? budget = null;
        UsageCounts modelUsage = default;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ReplyTimeout);
        var started = _time.GetTimestamp();
        var lastPartial = started;
        await using (var updates = _chat.GetStreamingResponseAsync(prompt, RequestOptions(hubUserId, message, memories, summary), timeout.Token).GetAsyncEnumerator(timeout.Token))
        {
            // Typing only for a slow reply: the first update races TypingDelay.
            Task<bool>? first = MoveNext(updates);
            if (_options.TypingDelay <= TimeSpan.Zero
                || (!first.IsCompleted && !await ArrivesWithinAsync(first, _options.TypingDelay, timeout.Token)))
            {
                yield return Typing(message);
            }

            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    var moved = first is null ? await updates.MoveNextAsync() : await first;
                    first = null;
                    if (!moved)
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    LogReplyTimedOut(_logger, message.Id, _options.ReplyTimeout);
                    failed = true;
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogInferenceFailed(_logger, message.Id, ex);
                    failed = true;
                    break;
                }

                if (update.AdditionalProperties?.ContainsKey(ReplySource.NoticeKey) == true)
                {
                    // A notice (e.g. the place in the model queue): its own message before the reply, not reply text.
                    yield return Reply(message, update.Text, ReplySource.System) with { Kind = OutboundKind.Notice, Id = MessageIds.ReplyTo(message.Id) + "-notice" };
                    continue;
                }

                answer.Append(update.Text);
                modelUsage += ModelUsageOf(update);
                if (update.AdditionalProperties?.TryGetValue(ReplySource.BudgetKey, out var b) == true && b is string period)
                {
                    budget = period;
                }

                if (update.AdditionalProperties?.TryGetValue(ReplySource.HandoffKey, out var h) == true && h is string reason)
                {
                    handoffReason = reason;
                }

                if (update.AdditionalProperties?.TryGetValue(ReplySourcesFooter.PropertyKey, out var t) == true && t is IEnumerable<string> titles)
                {
                    sources = [.. titles];
                }

                if (update.AdditionalProperties?.TryGetValue(SuggestedReplies.PropertyKey, out var o) == true && o is IEnumerable<string> offered)
                {
                    suggestions = SuggestedReplies.Normalize(offered);
                }

                if (update.AdditionalProperties?.TryGetValue(LinkButtons.PropertyKey, out var l) == true && l is IEnumerable<KeyValuePair<string, string>> offeredLinks)
                {
                    links = LinkButtons.Normalize(offeredLinks.Select(pair => new LinkButton(pair.Key, pair.Value)));
                }

                if (update.AdditionalProperties?.TryGetValue(ReplySource.PropertyKey, out var s) == true && s is string sourceName)
                {
                    source = sourceName;
                }

                if (_options.PartialReplyInterval > TimeSpan.Zero && answer.Length > 0
                    && _time.GetElapsedTime(lastPartial) >= _options.PartialReplyInterval)
                {
                    lastPartial = _time.GetTimestamp();
                    yield return Reply(message, _moderation.FilterOutput(answer.ToString()), source) with { Kind = OutboundKind.Partial };
                }
            }
        }

        var reprocessed = history.Any(t => t.MessageId == message.Id); // after a crash: already appended, already counted
        if (!reprocessed)
        {
            RecordUsage(hubUserId, message, failed ? ReplySource.System : source, budget, modelUsage);
        }

        if (budget is not null)
        {
            // The person's model budget is used up: told once per period (the text), then nothing is said.
            LogBudgetRefused(_logger, message.Id, answer.Length > 0);
            if (answer.Length > 0)
            {
                yield return Reply(message, answer.ToString(), ReplySource.System);
            }

            yield break;
        }

        if (failed || answer.Length == 0)
        {
            yield return Reply(message, "Sorry, I could not answer that just now. Please try again in a moment.", ReplySource.System) with { IsError = true };
            yield break;
        }

        var reply = _moderation.FilterOutput(answer.ToString());
        var now = _time.GetUtcNow();
        if (!reprocessed)
        {
            await _sessions.AppendAsync(
                hubUserId,
                [new SessionTurn(SessionRoles.User, images.Parts.Count > 0 && string.IsNullOrWhiteSpace(text) ? "(a picture)" : text, message.ReceivedAt, message.Conversation.Channel) { MessageId = message.Id },
                 new SessionTurn(SessionRoles.Assistant, reply, now, message.Conversation.Channel)],
                cancellationToken);
            _summaries?.OnAppended(hubUserId, history, 2); // the turns the append dropped: folded in the background
        }
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
            LogAnswered(_logger, message.Id, source, elapsedMs);
        }

        // The model handed the conversation to a person (its reply told them so): the operators get the notice; with
        // no operators' chat (or one already asked) the person is told what the hand-off service says instead.
        var handedOff = handoffReason is null || _handoff is null ? null : await _handoff.StartAsync(hubUserId, message, handoffReason, cancellationToken);
        if (handedOff is not null && handedOff.Reply != HandoffService.StartedReply)
        {
            reply = handedOff.Reply;
        }

        // A grounded model answer names the FAQ entries it used (the session keeps the answer alone).
        var shown = source == ReplySource.Model && sources is { Count: > 0 } ? ReplySourcesFooter.Append(reply, message.Conversation.Channel, sources) : reply;
        await routed;
        // Suggested replies go with the answer they belong to, not with a hand-off's message in its place. The
        // fallback's "I don't know" (a system answer from the answer engine) offers a person from the team first.
        if (source == ReplySource.System && handedOff is null && _handoff is { Enabled: true })
        {
            suggestions = [HandoffService.Suggestion, .. suggestions ?? []];
        }

        var final = Reply(message, shown, source) with
        {
            Suggestions = handedOff is null ? suggestions : null,
            Links = handedOff is null ? links : null,
            SpokenText = spoke && _spoken?.SpeaksOn(message.Conversation.Channel) == true ? reply : null,
        };
        yield return await FollowUserAsync(hubUserId, message, final, cancellationToken);
        foreach (var notice in handedOff is null ? [] : Notices(message, handedOff))
        {
            yield return notice;
        }
    }

    /// <summary>
    /// Who is asking, for the answer engine (<see cref="ChatRequestKeys"/>), and what they asked the hub to remember
    /// (absent where memory is not used: off, or a group chat they have not allowed it in), and the summary of the turns
    /// that no longer fit the session.
    /// </summary>
    private static ChatOptions RequestOptions(string hubUserId, InboundMessage message, IReadOnlyList<string>? memories, ConversationSummary? summary)
    {
        var properties = new AdditionalPropertiesDictionary
        {
            [ChatRequestKeys.Person] = hubUserId,
            [ChatRequestKeys.Platform] = message.Conversation.Channel,
            [ChatRequestKeys.Conversation] = message.Conversation.Key,
        };
        if (!string.IsNullOrWhiteSpace(message.From.DisplayName))
        {
            properties[ChatRequestKeys.DisplayName] = message.From.DisplayName;
        }

        if (!string.IsNullOrWhiteSpace(message.Locale))
        {
            properties[ChatRequestKeys.Locale] = message.Locale;
        }

        if (memories is not null)
        {
            properties[ChatRequestKeys.Memories] = memories;
        }

        if (summary is not null)
        {
            properties[ChatRequestKeys.Summary] = summary.Text;
        }

        return new ChatOptions { AdditionalProperties = properties };
    }

    /// <summary>Counts one question once (<see cref="UsageRecorder"/>: metrics now, the store in the next batch).</summary>
    private void RecordUsage(string hubUserId, InboundMessage message, string source, string? budget, UsageCounts modelUsage)
    {
        if (_usage is null)
        {
            return;
        }

        var counts = modelUsage + new UsageCounts
        {
            Messages = 1,
            CacheHits = source == ReplySource.Cache ? 1 : 0,
            KnowledgeHits = source == ReplySource.Knowledge ? 1 : 0,
            BudgetRefusals = budget is null ? 0 : 1,
        };
        _usage.Record(hubUserId, message.Conversation, budget is null ? source : "refused", counts);
    }

    /// <summary>
    /// The model calls an update reports: each <see cref="UsageContent"/> (the model slot adds one per call, with the calls and
    /// milliseconds in its additional counts); a call without token counts is counted as uncounted, never as zero tokens.
    /// </summary>
    private static UsageCounts ModelUsageOf(ChatResponseUpdate update)
    {
        var contents = update.Contents;
        UsageCounts sum = default;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not UsageContent { Details: var details })
            {
                continue;
            }

            var extra = details.AdditionalCounts;
            var calls = extra is not null && extra.TryGetValue(ReplySource.ModelCallsCount, out var c) ? c : 1;
            var known = details.InputTokenCount is not null || details.OutputTokenCount is not null;
            sum += new UsageCounts
            {
                ModelCalls = calls,
                PromptTokens = details.InputTokenCount ?? 0,
                CompletionTokens = details.OutputTokenCount ?? 0,
                UncountedCalls = known ? 0 : calls,
                ModelMilliseconds = extra is not null && extra.TryGetValue(ReplySource.ModelMillisecondsCount, out var ms) ? ms : 0,
            };
        }

        return sum;
    }

    private IEnumerable<OutboundMessage> Notices(InboundMessage message, CommandResult result) =>
        (result.Notifications ?? []).Select((notification, index) => Notify(message, notification, index));

    /// <summary>
    /// A notification as an outbound message. Its id is derived from the notification's key, its place and the inbound
    /// message's id: processing the message again (a redelivery, a retried worker) makes the same ids, which egress
    /// sends once.
    /// </summary>
    private OutboundMessage Notify(InboundMessage message, Notification notification, int index) => new()
    {
        Id = $"nt_{notification.Key}{(notification.Key is null ? "" : "_")}{index}_{MessageIds.ReplyTo(message.Id)[3..]}",
        Conversation = notification.Conversation,
        Kind = OutboundKind.Final,
        Text = notification.Text,
        Suggestions = notification.Suggestions,
        Source = ReplySource.System,
        InReplyTo = message.Id,
        CreatedAt = _time.GetUtcNow(),
    };

    private OutboundMessage Typing(InboundMessage message) => new()
    {
        Id = MessageIds.ReplyTo(message.Id),
        Conversation = message.Conversation,
        Kind = OutboundKind.Typing,
        InReplyTo = message.Id,
        ReplyToPlatformMessageId = message.ReplyAnchorId,
        CreatedAt = _time.GetUtcNow(),
        Properties = message.Properties,
    };

    /// <summary>
    /// The first MoveNextAsync as a task (cached when it completed at once), a synchronous throw turned into a faulted
    /// task: the loop handles both.
    /// </summary>
    private static Task<bool> MoveNext(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        try
        {
            return updates.MoveNextAsync().AsTask();
        }
        catch (Exception ex)
        {
            return Task.FromException<bool>(ex);
        }
    }

    /// <summary>True when <paramref name="task"/> completes (in any way) before <paramref name="delay"/> has passed.</summary>
    private async Task<bool> ArrivesWithinAsync(Task task, TimeSpan delay, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, _time, stop.Token);
        var winner = await Task.WhenAny(task, timer);
        await stop.CancelAsync();
        return winner == task;
    }

    private async ValueTask<CommandResult> RunCommandAsync(InboundMessage message, string hubUserId, string name, string arguments, CancellationToken cancellationToken)
    {
        if (!_commands.TryGet(name, out var handler))
        {
            return $"I don't know the command /{name}. Send /help to see what I can do.";
        }

        LogCommand(_logger, message.Id, name);
        return await handler.HandleAsync(new CommandContext(message, hubUserId, arguments, _commands), cancellationToken);
    }

    /// <summary>
    /// With <see cref="HubOptions.FollowMe"/>, a reply whose person has since been active in another conversation
    /// (a linked platform) is delivered there instead.
    /// </summary>
    private async ValueTask<OutboundMessage> FollowUserAsync(string hubUserId, InboundMessage message, OutboundMessage reply, CancellationToken cancellationToken)
    {
        if (!_options.FollowMe)
        {
            return reply;
        }

        var routes = await _routes.GetRoutesAsync(hubUserId, cancellationToken);
        if (routes.Count == 0 || routes[0].Conversation == message.Conversation || routes[0].LastActiveAt <= message.ReceivedAt)
        {
            return reply;
        }

        LogFollowed(_logger, message.Id, routes[0].Conversation.Channel);
        var to = routes[0].Conversation;
        return reply with
        {
            Conversation = to,
            ReplyToPlatformMessageId = null,
            Properties = null,
            SpokenText = _spoken?.SpeaksOn(to.Channel) == true ? reply.SpokenText : null,
        };
    }

    private OutboundMessage Reply(InboundMessage message, string text, string source) =>
        OutboundMessage.FinalReplyTo(message, text, source, _time.GetUtcNow());

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Message {MessageId} answered from {Source} in {ElapsedMs} ms")]
    private static partial void LogAnswered(ILogger logger, string messageId, string source, double elapsedMs);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Reply to {MessageId} timed out after {Timeout}")]
    private static partial void LogReplyTimedOut(ILogger logger, string messageId, TimeSpan timeout);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "Inference failed for message {MessageId}")]
    private static partial void LogInferenceFailed(ILogger logger, string messageId, Exception exception);

    [LoggerMessage(EventId = 3206, Level = LogLevel.Information, Message = "Message {MessageId} blocked by moderation")]
    private static partial void LogBlocked(ILogger logger, string messageId);

    [LoggerMessage(EventId = 3207, Level = LogLevel.Information, Message = "Message {MessageId} over the rate limit (notified: {Notified})")]
    private static partial void LogRateLimited(ILogger logger, string messageId, bool notified);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Information, Message = "Reply to {MessageId} follows its person to {Channel}")]
    private static partial void LogFollowed(ILogger logger, string messageId, string channel);

    [LoggerMessage(EventId = 3208, Level = LogLevel.Debug, Message = "Message {MessageId} in the operators' chat is not a command: not answered")]
    private static partial void LogOperatorChat(ILogger logger, string messageId);

    [LoggerMessage(EventId = 3209, Level = LogLevel.Debug, Message = "Message {MessageId} not asked of the model: budget used up (notified: {Notified})")]
    private static partial void LogBudgetRefused(ILogger logger, string messageId, bool notified);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Message {MessageId} is command /{Command}")]
    private static partial void LogCommand(ILogger logger, string messageId, string command);
}
