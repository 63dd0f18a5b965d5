using System.Runtime.CompilerServices;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.Pipeline.Steps;
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
/// The worker step for one inbound message: the person (identity) and the route, then a sequence of small steps, each
/// returning the messages it produces, until one answers the message for good (Pipeline/Steps): admission (the
/// person's rate limit), voice (the transcript), commands, hand-off, moderation (and "remember that …"), pictures (and
/// the network's limit on questions), the answer (engine, session write, the final reply). It returns the outbound
/// messages (typing, notices, partial replies, the final reply) rather than sending anything: the caller publishes them.
/// </summary>
public sealed class MessageProcessor
{
    private readonly IIdentityMap _identities;
    private readonly IRoutingTable _routes;
    private readonly TimeProvider _time;
    private readonly ITurnStep[] _steps;

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
        ArgumentNullException.ThrowIfNull(options);
        _identities = identities;
        _routes = routes;
        _time = time;
        _steps =
        [
            new AdmissionStep(rateLimiter, logger),
            new VoiceStep(voice, moderation),
            new CommandStep(commands, logger),
            new HandedOffStep(handoff, logger),
            new ModerationStep(moderation, memory, logger),
            new ImagesStep(rateLimiter, images, logger),
            new AnswerStep(chat, sessions, routes, moderation, options.Value, logger, handoff, memory, summaries, usage, spoken),
        ];
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
        await using (var replies = ReplyAsync(new Turn(message, hubUserId, routed, _time), cancellationToken).GetAsyncEnumerator(cancellationToken))
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

    /// <summary>The steps in order, until one has answered the message for good.</summary>
    private async IAsyncEnumerable<OutboundMessage> ReplyAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            await foreach (var reply in step.RunAsync(turn, cancellationToken))
            {
                yield return reply;
            }

            if (turn.Finished)
            {
                yield break;
            }
        }
    }
}
