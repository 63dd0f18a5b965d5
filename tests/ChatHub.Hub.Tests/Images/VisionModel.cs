using System.Text.Json;
using ChatHub.Testing.Images;
using ChatHub.Testing.OpenAi;

namespace ChatHub.Hub.Tests.Images;

/// <summary>The OpenAI fake as the hub's model, configured as a vision model (or not), and what it was sent.</summary>
internal static class VisionModel
{
    public const string Answer = "I see a single red pixel.";

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        model.Script = _ => FakeOpenAiTurn.Reply(Answer);
        return model;
    }

    public static Dictionary<string, string?> Settings(FakeOpenAiServer model, bool vision = true) => new()
    {
        ["Inference:OpenAI:Endpoint"] = model.Endpoint.ToString(),
        ["Inference:OpenAI:Model"] = vision ? "fake-vision" : "fake-text",
        ["Inference:OpenAI:Vision"] = vision ? "true" : "false",
        ["Inference:Knowledge:MinScore"] = "1000", // every question reaches the model
    };

    /// <summary>The requests whose last user turn carried an image part.</summary>
    public static IReadOnlyList<JsonElement> WithImages(FakeOpenAiServer model) =>
        [.. model.Bodies.Where(body => TestImages.ImageUrls(body).Count > 0)];

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }
}
