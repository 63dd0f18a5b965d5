using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ChatHub.LoadGen.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatHub.LoadGen.Hosting;

/// <summary>
/// The zero-work ceiling (run as <c>ChatHub.LoadGen ceiling --port N</c>, a process of its own like the hub): Kestrel
/// answering <c>POST /webhooks/telegram</c> with 200 once the body is read. No parsing, no queue, no reply: for the
/// ceiling, "reply out" is this HTTP response, so its end-to-end latency is its acknowledgement latency.
/// With <c>--relay URL</c> it is the zero-work <em>relay</em> instead: it reads the chat id and message id from the
/// update, answers 200, and then sends one <c>sendMessage</c> to the Bot API at URL, threaded to the update, the
/// least any webhook-in/reply-out bot must do, and what the hub's asynchronous mode does plus its actual work.
/// </summary>
internal static class CeilingServer
{
    private static readonly HttpClient BotApi = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false });

    public static async Task<int> RunAsync(int port, Uri? relay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sendMessage = relay is null ? null : new Uri(relay, $"/bot{FakeServices.Token}/sendMessage");
        app.MapGet("/readyz", () => "ok");
        app.MapPost("/webhooks/telegram", async context =>
        {
            var reader = context.Request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted);
                if (result.IsCompleted || result.IsCanceled)
                {
                    if (sendMessage is not null && Ids(result.Buffer) is var (chatId, messageId) && chatId != 0)
                    {
                        _ = ReplyAsync(sendMessage, chatId, messageId);
                    }

                    reader.AdvanceTo(result.Buffer.End);
                    break;
                }

                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.RunAsync();
        return 0;
    }

    private static (long ChatId, long MessageId) Ids(ReadOnlySequence<byte> body)
    {
        long chatId = 0, messageId = 0;
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 2 && reader.ValueTextEquals("message_id"u8))
            {
                reader.Read();
                messageId = reader.GetInt64();
            }
            else if (reader.CurrentDepth == 3 && reader.ValueTextEquals("id"u8) && chatId == 0)
            {
                reader.Read();
                chatId = reader.GetInt64(); // from.id comes first in our updates and equals chat.id (private chats)
            }
        }

        return (chatId, messageId);
    }

    private static async Task ReplyAsync(Uri sendMessage, long chatId, long messageId)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"chat_id":{{{chatId}}},"text":"ok","reply_parameters":{"message_id":{{{messageId}}},"allow_sending_without_reply":true}}""");
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await BotApi.PostAsync(sendMessage, content);
        }
        catch (HttpRequestException)
        {
            // The load generator counts the message as lost.
        }
    }
}
