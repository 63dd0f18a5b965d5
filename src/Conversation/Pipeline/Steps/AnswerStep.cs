using System.Runtime.CompilerServices;
using System.Text;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>
/// The answer to a question: the session's recent turns, what the person asked the hub to remember and the summary of
/// older turns go with it to the answer engine (<see cref="IChatClient"/>: hot-question cache, knowledge base, model or
/// fallback), streamed (typing only for a slow first word, partial replies at most every
/// <see cref="HubOptions.PartialReplyInterval"/>), counted once, appended to the session with the question, handed to
/// a person when the model says so, and sent as the final reply with its sources, suggestions, links and, where the
/// person spoke, the words to speak; to the person's latest conversation with <see cref="HubOptions.FollowMe"/>.
/// </summary>
internal sealed class AnswerStep(
    IChatClient chat,
    ISessionStore sessions,
    IRoutingTable routes,
    ModerationService moderation,
    HubOptions options,
    ILogger logger,
    HandoffService? handoff,
    MemoryService? memory,
    SessionSummarizer? summaries,
    UsageRecorder? usage,
    SpokenReplies? spoken) : ITurnStep
{
    public async IAsyncEnumerable<OutboundMessage> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        turn.Finish(); // the last step: whatever happens here is the answer
        var (message, hubUserId, text, images) = (turn.Message, turn.HubUserId, turn.Question, turn.Images);
        var history = await sessions.GetAsync(hubUserId, cancellationToken);
        var memories = memory is null ? null : await memory.RecallAsync(hubUserId, message, cancellationToken);
        var summary = summaries is null ? null : await summaries.GetForPromptAsync(hubUserId, history, cancellationToken);
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
        timeout.CancelAfter(options.ReplyTimeout);
        var started = turn.Time.GetTimestamp();
        var lastPartial = started;
        await using (var updates = chat.GetStreamingResponseAsync(prompt, RequestOptions(turn, memories, summary), timeout.Token).GetAsyncEnumerator(timeout.Token))
        {
            // Typing only for a slow reply: the first update races TypingDelay.
            Task<bool>? first = MoveNext(updates);
            if (options.TypingDelay <= TimeSpan.Zero
                || (!first.IsCompleted && !await ArrivesWithinAsync(first, options.TypingDelay, turn.Time, timeout.Token)))
            {
                yield return Typing(turn);
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
                    ProcessorLog.ReplyTimedOut(logger, message.Id, options.ReplyTimeout);
                    failed = true;
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    ProcessorLog.InferenceFailed(logger, message.Id, ex);
                    failed = true;
                    break;
                }

                if (update.AdditionalProperties?.ContainsKey(ReplySource.NoticeKey) == true)
                {
                    // A notice (e.g. the place in the model queue): its own message before the reply, not reply text.
                    yield return turn.Reply(update.Text, ReplySource.System) with { Kind = OutboundKind.Notice, Id = MessageIds.ReplyTo(message.Id) + "-notice" };
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

                if (options.PartialReplyInterval > TimeSpan.Zero && answer.Length > 0
                    && turn.Time.GetElapsedTime(lastPartial) >= options.PartialReplyInterval)
                {
                    lastPartial = turn.Time.GetTimestamp();
                    yield return turn.Reply(moderation.FilterOutput(answer.ToString()), source) with { Kind = OutboundKind.Partial };
                }
            }
        }

        var reprocessed = history.Any(t => t.MessageId == message.Id); // after a crash: already appended, already counted
        if (!reprocessed)
        {
            RecordUsage(turn, failed ? ReplySource.System : source, budget, modelUsage);
        }

        if (budget is not null)
        {
            // The person's model budget is used up: told once per period (the text), then nothing is said.
            ProcessorLog.BudgetRefused(logger, message.Id, answer.Length > 0);
            if (answer.Length > 0)
            {
                yield return turn.Reply(answer.ToString(), ReplySource.System);
            }

            yield break;
        }

        if (failed || answer.Length == 0)
        {
            yield return turn.Reply("Sorry, I could not answer that just now. Please try again in a moment.", ReplySource.System) with { IsError = true };
            yield break;
        }

        var reply = moderation.FilterOutput(answer.ToString());
        var now = turn.Time.GetUtcNow();
        if (!reprocessed)
        {
            await sessions.AppendAsync(
                hubUserId,
                [new SessionTurn(SessionRoles.User, images.Parts.Count > 0 && string.IsNullOrWhiteSpace(text) ? "(a picture)" : text, message.ReceivedAt, message.Conversation.Channel) { MessageId = message.Id },
                 new SessionTurn(SessionRoles.Assistant, reply, now, message.Conversation.Channel)],
                cancellationToken);
            summaries?.OnAppended(hubUserId, history, 2); // the turns the append dropped: folded in the background
        }
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var elapsedMs = turn.Time.GetElapsedTime(started).TotalMilliseconds;
            ProcessorLog.Answered(logger, message.Id, source, elapsedMs);
        }

        // The model handed the conversation to a person (its reply told them so): the operators get the notice; with
        // no operators' chat (or one already asked) the person is told what the hand-off service says instead.
        var handedOff = handoffReason is null || handoff is null ? null : await handoff.StartAsync(hubUserId, message, handoffReason, cancellationToken);
        if (handedOff is not null && handedOff.Reply != HandoffService.StartedReply)
        {
            reply = handedOff.Reply;
        }

        // A grounded model answer names the FAQ entries it used (the session keeps the answer alone).
        var shown = source == ReplySource.Model && sources is { Count: > 0 } ? ReplySourcesFooter.Append(reply, message.Conversation.Channel, sources) : reply;
        await turn.Routed;
        // Suggested replies go with the answer they belong to, not with a hand-off's message in its place. The
        // fallback's "I don't know" (a system answer from the answer engine) offers a person from the team first.
        if (source == ReplySource.System && handedOff is null && handoff is { Enabled: true })
        {
            suggestions = [HandoffService.Suggestion, .. suggestions ?? []];
        }

        var final = turn.Reply(shown, source) with
        {
            Suggestions = handedOff is null ? suggestions : null,
            Links = handedOff is null ? links : null,
            SpokenText = turn.Spoke && spoken?.SpeaksOn(message.Conversation.Channel) == true ? reply : null,
        };
        yield return await FollowUserAsync(turn, final, cancellationToken);
        foreach (var notice in handedOff is null ? [] : turn.Notices(handedOff))
        {
            yield return notice;
        }
    }

    /// <summary>
    /// Who is asking, for the answer engine (<see cref="ChatRequestKeys"/>), and what they asked the hub to remember
    /// (absent where memory is not used: off, or a group chat they have not allowed it in), and the summary of the turns
    /// that no longer fit the session.
    /// </summary>
    private static ChatOptions RequestOptions(Turn turn, IReadOnlyList<string>? memories, ConversationSummary? summary)
    {
        var (hubUserId, message) = (turn.HubUserId, turn.Message);
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
    private void RecordUsage(Turn turn, string source, string? budget, UsageCounts modelUsage)
    {
        if (usage is null)
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
        usage.Record(turn.HubUserId, turn.Message.Conversation, budget is null ? source : "refused", counts);
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

    private static OutboundMessage Typing(Turn turn) => new()
    {
        Id = MessageIds.ReplyTo(turn.Message.Id),
        Conversation = turn.Message.Conversation,
        Kind = OutboundKind.Typing,
        InReplyTo = turn.Message.Id,
        ReplyToPlatformMessageId = turn.Message.ReplyAnchorId,
        CreatedAt = turn.Time.GetUtcNow(),
        Properties = turn.Message.Properties,
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
    private static async Task<bool> ArrivesWithinAsync(Task task, TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, time, stop.Token);
        var winner = await Task.WhenAny(task, timer);
        await stop.CancelAsync();
        return winner == task;
    }

    /// <summary>
    /// With <see cref="HubOptions.FollowMe"/>, a reply whose person has since been active in another conversation
    /// (a linked platform) is delivered there instead.
    /// </summary>
    private async ValueTask<OutboundMessage> FollowUserAsync(Turn turn, OutboundMessage reply, CancellationToken cancellationToken)
    {
        var message = turn.Message;
        if (!options.FollowMe)
        {
            return reply;
        }

        var latest = await routes.GetRoutesAsync(turn.HubUserId, cancellationToken);
        if (latest.Count == 0 || latest[0].Conversation == message.Conversation || latest[0].LastActiveAt <= message.ReceivedAt)
        {
            return reply;
        }

        ProcessorLog.Followed(logger, message.Id, latest[0].Conversation.Channel);
        var to = latest[0].Conversation;
        return reply with
        {
            Conversation = to,
            ReplyToPlatformMessageId = null,
            Properties = null,
            SpokenText = spoken?.SpeaksOn(to.Channel) == true ? reply.SpokenText : null,
        };
    }
}
