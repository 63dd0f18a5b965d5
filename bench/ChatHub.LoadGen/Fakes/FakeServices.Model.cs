using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ChatHub.LoadGen.Fakes;

internal sealed partial class FakeServices
{
    private const string Answer = "A considered answer from the slow model: I do not know that one yet, but here is what I would try first.";

    private static readonly byte[] Streamed = Encoding.UTF8.GetBytes(
        """data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"slow","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""" + "\n\n" +
        """data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"slow","choices":[{"index":0,"delta":{"content":""" + JsonSerializer.Serialize(Answer) + """},"finish_reason":null}]}""" + "\n\n" +
        """data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1767225600,"model":"slow","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\n" +
        "data: [DONE]\n\n");

    private static readonly byte[] Complete = Encoding.UTF8.GetBytes(
        """{"id":"chatcmpl-bench","object":"chat.completion","created":1767225600,"model":"slow","choices":[{"index":0,"message":{"role":"assistant","content":""" +
        JsonSerializer.Serialize(Answer) +
        """},"finish_reason":"stop"}],"usage":{"prompt_tokens":24,"completion_tokens":24,"total_tokens":48}}""");

    /// <summary>The slow model: waits <c>modelDelayMs</c>, then answers (SSE when the request says <c>"stream":true</c>).</summary>
    private async Task ModelAsync(HttpContext context, ReadOnlySequence<byte> body)
    {
        var streaming = IsStreaming(body);
        Interlocked.Increment(ref Counters.ModelCalls);
        var inFlight = Interlocked.Increment(ref _modelInFlight);
        InterlockedMax(ref Counters.ModelMaxInFlight, inFlight);
        try
        {
            await Task.Delay(_modelDelayMs, context.RequestAborted);
            var payload = streaming ? Streamed : Complete;
            context.Response.ContentType = streaming ? "text/event-stream" : "application/json";
            context.Response.ContentLength = payload.Length;
            await context.Response.Body.WriteAsync(payload, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The hub gave up (timeout or shutdown).
        }
        finally
        {
            Interlocked.Decrement(ref _modelInFlight);
        }
    }

    private static bool IsStreaming(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.True;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
            {
                reader.Skip();
            }
        }

        return false;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
