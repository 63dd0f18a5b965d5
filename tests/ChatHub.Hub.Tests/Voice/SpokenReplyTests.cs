using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ChatHub.Conversation.Voice;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Audio;
using ChatHub.Testing.Logging;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.SignalR;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Voice;

/// <summary>
/// Spoken replies (<c>Inference:Speech:ReplyWithVoice</c>) on the real hub: a voice note on Telegram is answered in text
/// and then with a voice note (<c>sendVoice</c>, the Ogg Opus from the fake <c>/v1/audio/speech</c>, threaded to the
/// question); the widget gets the audio as a <c>Voice</c> event for the answer; a typed question is not spoken; a speech
/// server that fails leaves the answer as text, with a log line and never the answer's words in a log.
/// </summary>
public sealed class SpokenReplyTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private FakeOpenAiServer _model = null!;
    private TelegramHub _telegram = null!;

    public async Task InitializeAsync()
    {
        _model = await VoiceModel.StartAsync();
        _telegram = await TelegramHub.StartAsync(Settings(_model), _logs.Install);
    }

    public async Task DisposeAsync()
    {
        await _telegram.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Telegram_VoiceNote_AnsweredInTextThenAsAVoiceNoteThreadedToIt()
    {
        const long chat = 7123457001;
        var clip = TestAudio.OggOpus(1.0);
        _telegram.Fake.AddVoiceFile("AwAC-spoken-1", clip);

        await _telegram.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 501, 700000501, "AwAC-spoken-1", clip.Length, 1));
        var voice = (await _telegram.Fake.WaitForCallsAsync("sendVoice", chat, where: c => c.Succeeded).DefaultTimeout())[0];

        var texts = _telegram.Fake.CallsTo("sendMessage", chat).Where(c => c.Succeeded).ToList();
        Assert.Equal(2, texts.Count); // what was heard, then the answer: both before the voice note
        Assert.StartsWith(VoiceModel.Answer, texts[1].Text, StringComparison.Ordinal);
        Assert.All(texts, text => Assert.True(text.At <= voice.At));
        var speech = Assert.Single(_model.Speeches);
        Assert.Equal((VoiceModel.Answer, "tts-test", "nova", "opus", "Bearer sk-speech-secret"), (speech.Input, speech.Model, speech.Voice, speech.ResponseFormat, speech.Authorization));
        var audio = FakeOpenAiServer.SpokenAudio(VoiceModel.Answer);
        Assert.Equal(audio, voice.FileBytes("voice"));
        Assert.Equal("reply.ogg", voice.FileName("voice"));
        Assert.Equal(501, voice.ReplyToMessageId);
        Assert.Equal((long)Math.Ceiling(AudioFormats.OggOpusDuration(audio)!.Value.TotalSeconds), voice.Body["duration"]!.GetValue<long>());
        Assert.Contains(_logs.Entries, e => e.EventId == 3995);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information && e.Text.Contains("nine to five", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Telegram_TypedQuestion_NotSpoken()
    {
        const long chat = 7123457002;
        var clip = TestAudio.OggOpus(0.4);
        _telegram.Fake.AddVoiceFile("AwAC-spoken-2", clip);

        await _telegram.PostUpdateAsync(TelegramUpdates.Private(chat, 502, "When are you open?"));
        await _telegram.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout();
        // A voice note after it, in the same chat (one egress queue): once it is spoken, the typed one was not.
        await _telegram.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 503, 700000503, "AwAC-spoken-2", clip.Length, 1));
        await _telegram.Fake.WaitForCallsAsync("sendVoice", chat, where: c => c.Succeeded).DefaultTimeout();

        Assert.Equal(503, Assert.Single(_telegram.Fake.CallsTo("sendVoice", chat)).ReplyToMessageId);
        Assert.Single(_model.Speeches);
    }

    [Fact]
    public async Task Telegram_SpeechServerFails_AnswerStaysTextWithALogLine()
    {
        const long chat = 7123457003;
        _model.FailSpeech = true;
        var clip = TestAudio.OggOpus(0.4);
        _telegram.Fake.AddVoiceFile("AwAC-spoken-3", clip);

        await _telegram.PostUpdateAsync(FakeBotApi.VoiceUpdate(chat, 504, 700000504, "AwAC-spoken-3", clip.Length, 1));
        // A typed question after it, in the same chat (one egress queue): once it is answered, the voice note's reply is done with.
        await _telegram.PostUpdateAsync(TelegramUpdates.Private(chat, 505, "And on Sundays?"));
        var texts = await _telegram.Fake.WaitForCallsAsync("sendMessage", chat, count: 3, where: c => c.Succeeded).DefaultTimeout();

        Assert.StartsWith(VoiceModel.Answer, texts[1].Text, StringComparison.Ordinal);
        Assert.Empty(_telegram.Fake.CallsTo("sendVoice", chat));
        var line = Assert.Single(_logs.Entries, e => e.EventId == 3996);
        Assert.Contains("the speech server failed", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nine to five", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebChat_VoiceMessage_AnswerThenItsVoiceEvent()
    {
        await using var person = await WebChatUser.JoinAsync(_telegram.Server.BaseAddress).DefaultTimeout();
        var voiceId = await UploadAsync(person.Token, TestAudio.OggOpus(0.6));

        await person.Client.InvokeAsync("SendVoice", "", "m-spoken-1", voiceId).DefaultTimeout();
        var heard = await person.NextFinalAsync().DefaultTimeout();
        var answer = await person.NextFinalAsync().DefaultTimeout();
        var voice = (await person.Client.NextAsync("Voice").DefaultTimeout())[0];

        Assert.StartsWith("🎤", heard.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(VoiceModel.Answer, answer.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(answer.GetProperty("id").GetString(), voice.GetProperty("replyId").GetString());
        Assert.Equal("audio/ogg", voice.GetProperty("mediaType").GetString());
        Assert.Equal(FakeOpenAiServer.SpokenAudio(VoiceModel.Answer), voice.GetProperty("audio").GetBytesFromBase64());
        Assert.True(voice.GetProperty("seconds").GetDouble() > 1);
    }

    [Fact]
    public async Task WebChat_TypedQuestion_NoVoiceEvent()
    {
        await using var person = await WebChatUser.JoinAsync(_telegram.Server.BaseAddress).DefaultTimeout();
        var voiceId = await UploadAsync(person.Token, TestAudio.OggOpus(0.6));

        var typed = await person.AskForReplyAsync("When are you open?").DefaultTimeout();
        await person.Client.InvokeAsync("SendVoice", "", "m-spoken-2", voiceId).DefaultTimeout();
        var voice = (await person.Client.NextAsync("Voice").DefaultTimeout())[0];

        Assert.NotEqual(typed.GetProperty("id").GetString(), voice.GetProperty("replyId").GetString()); // the first Voice is the spoken question's
        Assert.Single(_model.Speeches);
    }

    private async Task<string> UploadAsync(string token, byte[] audio)
    {
        using var http = new HttpClient { BaseAddress = _telegram.Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webchat/voice") { Content = new ByteArrayContent(audio) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout()).RootElement.GetProperty("voiceId").GetString()!;
    }

    /// <summary>The model, transcription and speech on the OpenAI fake; spoken replies on (every channel that plays them).</summary>
    internal static Dictionary<string, string?> Settings(FakeOpenAiServer model)
    {
        var settings = VoiceModel.Settings(model);
        settings["Inference:Speech:ReplyWithVoice"] = "true";
        settings["Inference:Speech:ReplyModel"] = "tts-test";
        settings["Inference:Speech:ReplyVoice"] = "nova";
        return settings;
    }
}
