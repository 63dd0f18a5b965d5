using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;
using ChatHub.Testing.Audio;
using ChatHub.Testing.Logging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Voice;

/// <summary>
/// <see cref="SpokenReplies"/>: which channels get spoken replies, and the audio of a reply: only Ogg, within the size
/// and time limits; anything else is no audio, a log line with our reason and never the words.
/// </summary>
public sealed class SpokenRepliesTests : IDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<SpokenReplies> _log;

    public SpokenRepliesTests()
    {
        _loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        _log = _loggers.CreateLogger<SpokenReplies>();
    }

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public async Task SpeakAsync_OggFromTheServer_TheAudioAndItsLength()
    {
        var tone = TestAudio.OggOpus(1.2);
        var speech = new StubTextToSpeech { Audio = tone };

        var audio = await Replies(speech, log: _log).SpeakAsync("r-1", ChannelNames.Telegram, "We open at nine.", default).AsTask().DefaultTimeout();

        Assert.Equal(tone, audio!.Audio);
        Assert.Equal(AudioFormats.Ogg, audio.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1.2), audio.Duration);
        Assert.Equal("We open at nine.", speech.Text);
        var line = Assert.Single(_logs.Entries);
        Assert.Equal((3995, LogLevel.Information), (line.EventId, line.Level));
        Assert.DoesNotContain("nine", line.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mp3", "the audio is not Ogg")]
    [InlineData("large", "over Voice:MaxReplyAudioBytes")]
    [InlineData("none", "answered no audio")]
    [InlineData("fail", "the speech server failed (HttpRequestException)")]
    [InlineData("slow", "no audio within")]
    public async Task SpeakAsync_NoUsableAudio_NullWithTheReason(string answer, string reason)
    {
        var speech = new StubTextToSpeech
        {
            Audio = answer switch
            {
                "mp3" => "ID3\u0004 an mp3 file"u8.ToArray(),
                "large" => [.. TestAudio.OggOpus(0.2), .. new byte[4096]],
                _ => TestAudio.OggOpus(0.2),
            },
            NoAudio = answer == "none",
            Failure = answer == "fail" ? new HttpRequestException("500 for text 'We open at nine.'") : null,
            Hang = answer == "slow",
        };
        var options = new VoiceOptions { MaxReplyAudioBytes = 4096, SpeakTimeout = TimeSpan.FromMilliseconds(50) };

        var audio = await Replies(speech, options, _log).SpeakAsync("r-2", ChannelNames.WebChat, "We open at nine.", default).AsTask().DefaultTimeout();

        Assert.Null(audio);
        var line = Assert.Single(_logs.Entries);
        Assert.Equal(3996, line.EventId);
        Assert.Contains(reason, line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nine", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpeakAsync_CallerCancels_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Replies(new StubTextToSpeech { Hang = true }).SpeakAsync("r-3", ChannelNames.Telegram, "Hi.", cancelled.Token).AsTask()).DefaultTimeout();
    }

    [Fact]
    public void SpeaksOn_DefaultChannels_TelegramAndWebChatOnly()
    {
        var replies = Replies(new StubTextToSpeech());

        Assert.Equal([true, true, false, false], new[] { ChannelNames.Telegram, ChannelNames.WebChat, ChannelNames.Discord, ChannelNames.Teams }.Select(replies.SpeaksOn));
        Assert.False(Replies(null).SpeaksOn(ChannelNames.Telegram));
        Assert.Equal([true, false], new[] { ChannelNames.Telegram, ChannelNames.WebChat }.Select(Replies(new StubTextToSpeech(), new VoiceOptions { ReplyChannels = [ChannelNames.Telegram] }).SpeaksOn));
    }

    [Theory]
    [InlineData(new[] { "telegram", "webchat" }, null)]
    [InlineData(new[] { "discord", "telegram" }, "cannot play spoken replies: discord")]
    public void Validate_ReplyChannels_OnlyThoseThatPlayAudio(string[] channels, string? error)
    {
        var result = new VoiceOptionsValidator().Validate(null, new VoiceOptions { ReplyChannels = channels });

        Assert.Equal(error is null, result.Succeeded);
        if (error is not null)
        {
            Assert.Contains(error, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    internal static SpokenReplies Replies(ITextToSpeechClient? speech, VoiceOptions? options = null, ILogger<SpokenReplies>? log = null) =>
        new(Options.Create(options ?? new VoiceOptions()), log ?? NullLogger<SpokenReplies>.Instance, speech);

    /// <summary>A speech server: answers its <see cref="Audio"/>, or nothing, or fails, or never answers.</summary>
    internal sealed class StubTextToSpeech : ITextToSpeechClient
    {
        public byte[] Audio { get; set; } = TestAudio.OggOpus(0.4);

        public bool NoAudio { get; set; }

        public Exception? Failure { get; set; }

        public bool Hang { get; set; }

        public string? Text { get; private set; }

        public async Task<TextToSpeechResponse> GetAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default)
        {
            Text = text;
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Failure is not null ? throw Failure
                : NoAudio ? new TextToSpeechResponse([new TextContent("no audio")])
                : new TextToSpeechResponse([new DataContent(Audio, "audio/ogg")]);
        }

        public IAsyncEnumerable<TextToSpeechResponseUpdate> GetStreamingAudioAsync(string text, TextToSpeechOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
