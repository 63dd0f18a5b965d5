using System.Diagnostics;

namespace ChatHub.Conversation.Bus;

/// <summary>W3C trace context in bus headers, so one trace follows a message across ingress, worker and egress.</summary>
public static class TraceHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Capture()
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return Empty;
        }

        var headers = new Dictionary<string, string>(2, StringComparer.Ordinal) { [TraceParent] = activity.Id! };
        if (activity.TraceStateString is { Length: > 0 } state)
        {
            headers[TraceState] = state;
        }

        return headers;
    }

    public static ActivityContext Extract(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.TryGetValue(TraceParent, out var parent)
            && ActivityContext.TryParse(parent, headers.GetValueOrDefault(TraceState), out var context))
        {
            return context;
        }

        return default;
    }
}
