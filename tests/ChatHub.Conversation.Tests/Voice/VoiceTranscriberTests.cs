using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Tests.Infrastructure;
using ChatHub.Conversation.Voice;
using ChatHub.Testing.Audio;
using ChatHub.Testing.Logging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Voice;

/// <summary>The worker's checks around a voice message: a backend at all, declared type, size and length, the bytes, the transcript.</summary>
public sealed class VoiceTranscriberTests : IDisposable
{
    private readonly StubSource _source = new();
    private readonly StubSpeech _speech = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;

    public VoiceTranscriberTests() => _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Information));

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public async Task Transcribe_NoSpeechBackend_NothingFetchedAndAPoliteWord()
    {
        var input = await Transcriber(speech: false).TranscribeAsync(Message(""), default).AsTask().DefaultTimeout();

        Assert.Null(input.Transcript);
        Assert.Equal(VoiceTranscriber.CannotListenReply + VoiceTranscriber.TypeInstead, input.Refusal);
        Assert.Equal(0, _source.Opened);
    }

    [Fact]
    public async Task Transcribe_OggVoiceNote_TheTranscriptInThePersonsLanguage()
    {
        _source.Bytes = TestAudio.OggOpus(0.5);
        _speech.Transcript = "  What time do you open?\n";

        var input = await Transcriber().TranscribeAsync(Message("") with { Locale = "de-AT" }, default).AsTask().DefaultTimeout();

        Assert.Equal("What time do you open?", input.Transcript);
        Assert.Null(input.Refusal);
        Assert.Equal(_source.Bytes, _speech.Audio);
        Assert.Equal("de", _speech.Language);
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("open?", StringComparison.Ordinal)); // no transcript in the logs
        Assert.Contains(_logs.Entries, e => e.EventId == 3994);
    }

    [Fact]
    public async Task Transcribe_DeclaredTooLarge_RefusedWithTheReasonWithoutFetching()
    {
        var input = await Transcriber().TranscribeAsync(Message("", Voice(bytes: 20L * 1024 * 1024)), default).AsTask().DefaultTimeout();

        Assert.Equal("Your voice message is too large (20 MB; the limit is 5 MB). Please send a shorter one.", input.Refusal);
        Assert.Equal(0, _source.Opened);
        Assert.Contains(_logs.Entries, e => e.EventId == 3992 && e.Text.Contains("Voice:MaxBytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transcribe_DeclaredTooLong_RefusedWithTheReasonWithoutFetching()
    {
        var input = await Transcriber().TranscribeAsync(Message("", Voice(duration: TimeSpan.FromMinutes(5))), default).AsTask().DefaultTimeout();

        Assert.Equal("Your voice message is too long (5 min 0 s; the limit is 2 min 0 s). Please send a shorter one, or type your question.", input.Refusal);
        Assert.Equal(0, _source.Opened);
    }

    [Fact]
    public async Task Transcribe_MeasuredLongerThanDeclared_Refused()
    {
        _source.Bytes = TestAudio.OggOpus(3.0);

        var input = await Transcriber(maxDuration: TimeSpan.FromSeconds(2)).TranscribeAsync(Message("", Voice(duration: TimeSpan.FromSeconds(1))), default).AsTask().DefaultTimeout();

        Assert.StartsWith("Your voice message is too long (3 s;", input.Refusal, StringComparison.Ordinal);
        Assert.Null(_speech.Audio);
    }

    [Fact]
    public async Task Transcribe_StreamLongerThanTheLimit_Refused()
    {
        _source.Bytes = [.. TestAudio.OggOpus(0.2), .. new byte[4096]];

        var input = await Transcriber(maxBytes: 2048).TranscribeAsync(Message("", Voice(bytes: null)), default).AsTask().DefaultTimeout();

        Assert.Contains("too large", input.Refusal, StringComparison.Ordinal);
        Assert.Null(_speech.Audio);
    }

    [Theory]
    [InlineData("audio/mpeg")]
    [InlineData("audio/ogg")]
    public async Task Transcribe_BytesThatAreNoVoiceNote_RefusedWhateverTheDeclaredType(string declared)
    {
        _source.Bytes = "ID3\u0004 an mp3"u8.ToArray();

        var input = await Transcriber().TranscribeAsync(Message("", Voice(type: declared)), default).AsTask().DefaultTimeout();

        Assert.Equal("I can only listen to voice messages (Ogg or WebM Opus audio).", input.Refusal);
        Assert.Null(_speech.Audio);
    }

    [Fact]
    public async Task Transcribe_SourceRefuses_ItsSentenceForThePerson()
    {
        _source.Refusal = "I could not open that voice message: it is not stored on Discord.";

        var input = await Transcriber().TranscribeAsync(Message(""), default).AsTask().DefaultTimeout();

        Assert.Equal(_source.Refusal, input.Refusal);
    }

    [Fact]
    public async Task Transcribe_NoWordsHeard_AskedToTryAgain()
    {
        _source.Bytes = TestAudio.OggOpus(0.2);
        _speech.Transcript = " ";

        var input = await Transcriber().TranscribeAsync(Message(""), default).AsTask().DefaultTimeout();

        Assert.Equal(VoiceTranscriber.NothingHeardReply, input.Refusal);
    }

    [Fact]
    public async Task Transcribe_BackendFails_ARefusalNotAnException()
    {
        _source.Bytes = TestAudio.OggOpus(0.2);
        _speech.Failure = new HttpRequestException("boom at https://secret.example/v1?key=sk-1");

        var input = await Transcriber().TranscribeAsync(Message(""), default).AsTask().DefaultTimeout();

        Assert.StartsWith("I could not listen to your voice message just now.", input.Refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Text.Contains("sk-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Transcribe_VoiceFromAnotherChannel_Refused()
    {
        var input = await Transcriber().TranscribeAsync(Message("", Voice() with { Channel = ChannelNames.Discord }), default).AsTask().DefaultTimeout();

        Assert.Equal("I can't open voice messages sent from here yet.", input.Refusal);
        Assert.Equal(0, _source.Opened);
    }

    private VoiceTranscriber Transcriber(bool speech = true, long maxBytes = 5 * 1024 * 1024, TimeSpan? maxDuration = null) => new(
        [_source], Options.Create(new VoiceOptions { MaxBytes = maxBytes, MaxDuration = maxDuration ?? TimeSpan.FromMinutes(2) }),
        _loggers.CreateLogger<VoiceTranscriber>(), speech ? _speech : null);

    private static VoiceAttachment Voice(string? type = "audio/ogg", long? bytes = 1000, TimeSpan? duration = null) => new()
    {
        Channel = ChannelNames.WebChat, FileId = "voice_1", DeclaredType = type, DeclaredBytes = bytes, DeclaredDuration = duration ?? TimeSpan.FromSeconds(1),
    };

    private static InboundMessage Message(string text, VoiceAttachment? voice = null) => TestMessages.Inbound(text) with { Voice = voice ?? Voice() };

    internal sealed class StubSource : IVoiceSource
    {
        public byte[] Bytes { get; set; } = [];

        public string? Refusal { get; set; }

        public int Opened { get; private set; }

        public string Channel => ChannelNames.WebChat;

        public ValueTask<ImageDownload> OpenAsync(InboundMessage message, VoiceAttachment voice, CancellationToken cancellationToken)
        {
            Opened++;
            return ValueTask.FromResult(Refusal is null ? ImageDownload.Opened(new MemoryStream(Bytes), null) : ImageDownload.Refused(Refusal, "stub"));
        }
    }

    internal sealed class StubSpeech : ISpeechToTextClient
    {
        public string Transcript { get; set; } = "hello";

        public Exception? Failure { get; set; }

        public byte[]? Audio { get; private set; }

        public string? Language { get; private set; }

        public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default)
        {
            using var copy = new MemoryStream();
            await audioSpeechStream.CopyToAsync(copy, cancellationToken);
            Audio = copy.ToArray();
            Language = options?.SpeechLanguage;
            return Failure is null ? new SpeechToTextResponse(Transcript) : throw Failure;
        }

        public IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
