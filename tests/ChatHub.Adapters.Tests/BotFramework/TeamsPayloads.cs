using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Adapters.BotFramework.Api;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>The recorded-shape Teams activities under Payloads/teams (copied to the output folder).</summary>
internal static class TeamsPayloads
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "teams", name + ".json"));

    /// <summary>The payload with its serviceUrl (and optionally its activity id) replaced, as JSON text.</summary>
    public static string Json(string name, string? serviceUrl = null, string? id = null)
    {
        var activity = JsonNode.Parse(Read(name))!.AsObject();
        if (serviceUrl is not null)
        {
            activity["serviceUrl"] = serviceUrl;
        }

        if (id is not null)
        {
            activity["id"] = id;
        }

        return activity.ToJsonString();
    }

    public static Activity Load(string name) => JsonSerializer.Deserialize(Read(name), BotFrameworkJsonContext.Default.Activity)!;
}
