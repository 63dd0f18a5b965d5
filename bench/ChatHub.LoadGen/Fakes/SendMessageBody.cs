using System.Buffers;
using System.Text.Json;

namespace ChatHub.LoadGen.Fakes;

/// <summary>The few fields of a sendMessage / editMessageText body the benchmark needs, read without allocating a DOM.</summary>
internal readonly record struct SendMessageBody(long ChatId, long MessageId, long? ReplyTo, bool IsFallback)
{
    public static SendMessageBody Parse(ReadOnlySequence<byte> body)
    {
        long chatId = 0, messageId = 0;
        long? replyTo = null;
        var fallback = false;
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("chat_id"u8))
                {
                    reader.Read();
                    chatId = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : 0;
                }
                else if (reader.ValueTextEquals("message_id"u8))
                {
                    reader.Read();
                    messageId = reader.GetInt64();
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    reader.Read();
                    // The hub's polite fallbacks ("Sorry, I could not answer…", "Sorry, I can't answer…").
                    fallback = reader.ValueSpan.StartsWith("Sorry, I c"u8);
                }
            }
            else if (reader.CurrentDepth == 2 && reader.ValueTextEquals("message_id"u8))
            {
                reader.Read();
                replyTo = reader.GetInt64();
            }
        }

        return new SendMessageBody(chatId, messageId, replyTo, fallback);
    }
}
