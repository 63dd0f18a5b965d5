using System.Text.Json;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Hub.Tests.Voice;

/// <summary>The OpenAI fake as the hub's model and, when asked, as its transcription server (<c>Inference:Speech</c>).</summary>
internal static class VoiceModel
{
    public const string Answer = "We are open from nine to five.";

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        model.Script = _ => FakeOpenAiTurn.Reply(Answer);
        return model;
    }

    public static Dictionary<string, string?> Settings(FakeOpenAiServer model, bool speech = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Inference:OpenAI:Endpoint"] = model.Endpoint.ToString(),
            ["Inference:OpenAI:Model"] = "fake-text",
            ["Inference:Knowledge:MinScore"] = "1000", // every question reaches the model
        };
        if (speech)
        {
            settings["Inference:Speech:Endpoint"] = model.Endpoint.ToString();
            settings["Inference:Speech:Model"] = "whisper-1";
            settings["Inference:Speech:ApiKey"] = "sk-speech-secret";
        }

        return settings;
    }

    /// <summary>The last user turn of each chat request.</summary>
    public static IReadOnlyList<string> UserTexts(FakeOpenAiServer model) =>
        [.. model.Bodies.Select(body => body.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("role").GetString() == "user"))
            .Select(turn => turn.GetProperty("content") is { ValueKind: JsonValueKind.String } text ? text.GetString()! : "")];
}
