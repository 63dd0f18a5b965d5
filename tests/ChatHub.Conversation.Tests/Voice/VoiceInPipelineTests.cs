using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using ChatHub.Conversation.Voice;
using ChatHub.Testing.Audio;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Voice;

/// <summary>A voice message in the worker: its transcript is shown, then answered as if typed (moderation, the engine, the session).</summary>
public sealed class VoiceInPipelineTests : IDisposable
{
    private readonly ManualTimeProvider _time = ManualTimeProvider.WithRealTimers();
    private readonly InMemorySessionStore _sessions;
    private readonly InMemoryIdentityMap _identities = new(Options.Create(new RetentionOptions()), TimeProvider.System);
    private readonly VoiceTranscriberTests.StubSource _source = new() { Bytes = TestAudio.OggOpus(0.4) };
    private readonly VoiceTranscriberTests.StubSpeech _speech = new() { Transcript = "When are you open?" };
    private readonly ScriptedChatClient _chat = new(prompt => ["You asked: " + prompt[^1].Text]);
    private readonly string _words = Path.Combine(Path.GetTempPath(), $"chathub-words-{Guid.NewGuid():N}.txt");

    public VoiceInPipelineTests()
    {
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        File.WriteAllText(_words, "badword\n");
    }

    public void Dispose() => File.Delete(_words);

    [Fact]
    public async Task Process_VoiceNote_TranscriptShownThenAnsweredAndKeptInTheSession()
    {
        var inbound = VoiceMessage("");

        var output = await Processor().ProcessAsync(inbound, default).ToListAsync().AsTask().DefaultTimeout();

        var final = output.Where(o => o.Kind != OutboundKind.Typing).ToList();
        Assert.Equal([OutboundKind.Notice, OutboundKind.Final], final.Select(o => o.Kind));
        Assert.Equal("🎤 “When are you open?”", final[0].Text);
        Assert.Equal("You asked: When are you open?", final[1].Text);
        Assert.Equal("When are you open?", Assert.Single(_chat.Prompts)[^1].Text);
        var user = await _identities.ResolveAsync(new(inbound.Conversation.Channel, "user-1"), default).AsTask().DefaultTimeout();
        var turns = await _sessions.GetAsync(user, default).AsTask().DefaultTimeout();
        Assert.Equal(["When are you open?", "You asked: When are you open?"], turns.Select(turn => turn.Text));
    }

    [Fact]
    public async Task Process_VoiceWithCaption_CaptionAndTranscriptAnsweredTogether()
    {
        await Processor().ProcessAsync(VoiceMessage("About the shop:"), default).ToListAsync().AsTask().DefaultTimeout();

        Assert.Equal("About the shop:\nWhen are you open?", Assert.Single(_chat.Prompts)[^1].Text);
    }

    [Fact]
    public async Task Process_NoSpeechBackend_APoliteFixedReplyAndNoModelCall()
    {
        var output = await Processor(speech: false).ProcessAsync(VoiceMessage(""), default).ToListAsync().AsTask().DefaultTimeout();

        var reply = Assert.Single(output);
        Assert.Equal(VoiceTranscriber.CannotListenReply + VoiceTranscriber.TypeInstead, reply.Text);
        Assert.Equal(ReplySource.System, reply.Source);
        Assert.Empty(_chat.Prompts);
        Assert.Equal(0, _source.Opened);
    }

    [Fact]
    public async Task Process_NoTranscriberAtAll_TheSameFixedReply()
    {
        var processor = new MessageProcessor(_identities, new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time), _sessions,
            new CommandRegistry([]), _chat, Processors.NoModeration, Processors.NoRateLimit(_time), Options.Create(new HubOptions()), _time, NullLogger<MessageProcessor>.Instance);

        var output = await processor.ProcessAsync(VoiceMessage(""), default).ToListAsync().AsTask().DefaultTimeout();

        Assert.Equal(VoiceTranscriber.CannotListenReply + VoiceTranscriber.TypeInstead, Assert.Single(output).Text);
        Assert.Empty(_chat.Prompts);
    }

    [Fact]
    public async Task Process_BlockedTranscript_NotSaidBackAndNotAnswered()
    {
        _speech.Transcript = "you badword";
        var options = Options.Create(new ModerationOptions { WordListPath = _words, InboundAction = ModerationAction.Block });
        using var monitor = new WordListMonitor(options, NullLogger<WordListMonitor>.Instance);

        var output = await Processor(moderation: new ModerationService(options, monitor)).ProcessAsync(VoiceMessage(""), default).ToListAsync().AsTask().DefaultTimeout();

        var reply = Assert.Single(output);
        Assert.True(reply.IsError);
        Assert.DoesNotContain("badword", reply.Text, StringComparison.Ordinal);
        Assert.Empty(_chat.Prompts);
    }

    [Fact]
    public async Task Process_MaskedWordInTheTranscript_SaidBackMasked()
    {
        _speech.Transcript = "is badword open today";
        var options = Options.Create(new ModerationOptions { WordListPath = _words, InboundAction = ModerationAction.Mask });
        using var monitor = new WordListMonitor(options, NullLogger<WordListMonitor>.Instance);

        var output = await Processor(moderation: new ModerationService(options, monitor)).ProcessAsync(VoiceMessage(""), default).ToListAsync().AsTask().DefaultTimeout();

        var notice = output.First(o => o.Kind == OutboundKind.Notice);
        Assert.DoesNotContain("badword", notice.Text, StringComparison.Ordinal);
        Assert.Contains("open today", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_TranscriptIsACommand_RunAsIfTyped()
    {
        _speech.Transcript = "/help";

        var output = await Processor().ProcessAsync(VoiceMessage(""), default).ToListAsync().AsTask().DefaultTimeout();

        Assert.Equal([OutboundKind.Notice, OutboundKind.Final], output.Select(o => o.Kind));
        Assert.Empty(_chat.Prompts);
    }

    [Fact]
    public async Task Process_VoiceNote_SpokenRepliesOn_TheAnswerIsToBeSpoken()
    {
        var output = await Processor(spoken: SpokenRepliesTests.Replies(new SpokenRepliesTests.StubTextToSpeech())).ProcessAsync(VoiceMessage(""), default)
            .ToListAsync().AsTask().DefaultTimeout();

        var final = output.Single(o => o.Kind == OutboundKind.Final);
        Assert.Equal("You asked: When are you open?", final.SpokenText);
        Assert.Null(output.Single(o => o.Kind == OutboundKind.Notice).SpokenText); // what was heard is not said back aloud
    }

    [Fact]
    public async Task Process_TypedQuestion_NotSpoken()
    {
        var output = await Processor(spoken: SpokenRepliesTests.Replies(new SpokenRepliesTests.StubTextToSpeech())).ProcessAsync(TestMessages.Inbound("When are you open?"), default)
            .ToListAsync().AsTask().DefaultTimeout();

        Assert.Null(output.Single(o => o.Kind == OutboundKind.Final).SpokenText);
    }

    [Fact]
    public async Task Process_ChannelWithoutSpokenReplies_NotSpoken()
    {
        var spoken = SpokenRepliesTests.Replies(new SpokenRepliesTests.StubTextToSpeech(), new VoiceOptions { ReplyChannels = [ChannelNames.Telegram] });

        var output = await Processor(spoken: spoken).ProcessAsync(VoiceMessage(""), default).ToListAsync().AsTask().DefaultTimeout();

        Assert.Null(output.Single(o => o.Kind == OutboundKind.Final).SpokenText);
    }

    [Fact]
    public async Task Process_NoSpeechServer_NotSpoken()
    {
        var output = await Processor(spoken: SpokenRepliesTests.Replies(null)).ProcessAsync(VoiceMessage(""), default).ToListAsync().AsTask().DefaultTimeout();

        Assert.Null(output.Single(o => o.Kind == OutboundKind.Final).SpokenText);
    }

    [Fact]
    public async Task Process_SpokenCommand_AnsweredInTextOnly()
    {
        _speech.Transcript = "/help";

        var output = await Processor(spoken: SpokenRepliesTests.Replies(new SpokenRepliesTests.StubTextToSpeech())).ProcessAsync(VoiceMessage(""), default)
            .ToListAsync().AsTask().DefaultTimeout();

        Assert.All(output, o => Assert.Null(o.SpokenText));
    }

    private MessageProcessor Processor(bool speech = true, ModerationService? moderation = null, SpokenReplies? spoken = null) => new(
        _identities, new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time), _sessions, new CommandRegistry([new HelpCommand()]), _chat,
        moderation ?? Processors.NoModeration, Processors.NoRateLimit(_time), Options.Create(new HubOptions { TypingDelay = TimeSpan.FromMinutes(1) }), _time,
        NullLogger<MessageProcessor>.Instance,
        voice: new VoiceTranscriber([_source], Options.Create(new VoiceOptions()), NullLogger<VoiceTranscriber>.Instance, speech ? _speech : null),
        spoken: spoken);

    private static InboundMessage VoiceMessage(string text) => TestMessages.Inbound(text) with
    {
        Voice = new VoiceAttachment { Channel = ChannelNames.WebChat, FileId = "voice_1", DeclaredType = "audio/ogg", DeclaredBytes = 2000 },
    };
}
