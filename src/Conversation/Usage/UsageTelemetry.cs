using System.Diagnostics.Metrics;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Conversation.Usage;

/// <summary>
/// Usage as metrics, by <c>platform</c> and <c>bot</c> (and <c>outcome</c> or <c>kind</c>): bounded labels only, never
/// the person (their usage is in the store, behind the admin API).
/// </summary>
internal static class UsageTelemetry
{
    /// <summary>Questions by outcome: cache, knowledge, model, system (a fallback or failure), refused (budget used up).</summary>
    private static readonly Counter<long> Messages = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.usage.messages", description: "Questions answered, by platform, bot and outcome (cache, knowledge, model, system, refused)");

    private static readonly Counter<long> ModelCalls = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.usage.model_calls", description: "Model calls made for answers, by platform and bot");

    /// <summary>Tokens by <c>kind</c>: prompt, completion.</summary>
    private static readonly Counter<long> Tokens = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.usage.tokens", description: "Model tokens as the backend counted them, by platform, bot and kind (prompt, completion)");

    private static readonly Counter<long> UncountedCalls = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.usage.uncounted_calls", description: "Model calls whose backend reported no token counts, by platform and bot");

    private static readonly Counter<double> ModelTime = ChatHubTelemetry.Meter.CreateCounter<double>(
        "chathub.usage.model_time", unit: "s", description: "Time spent in model calls for answers, by platform and bot");

    public static void Record(string platform, string bot, string outcome, in UsageCounts counts)
    {
        var p = new KeyValuePair<string, object?>("platform", platform);
        var b = new KeyValuePair<string, object?>("bot", bot);
        Messages.Add(counts.Messages, p, b, new KeyValuePair<string, object?>("outcome", outcome));
        if (counts.ModelCalls > 0)
        {
            ModelCalls.Add(counts.ModelCalls, p, b);
            ModelTime.Add(counts.ModelMilliseconds / 1000.0, p, b);
        }

        if (counts.PromptTokens > 0)
        {
            Tokens.Add(counts.PromptTokens, p, b, new KeyValuePair<string, object?>("kind", "prompt"));
        }

        if (counts.CompletionTokens > 0)
        {
            Tokens.Add(counts.CompletionTokens, p, b, new KeyValuePair<string, object?>("kind", "completion"));
        }

        if (counts.UncountedCalls > 0)
        {
            UncountedCalls.Add(counts.UncountedCalls, p, b);
        }
    }
}
