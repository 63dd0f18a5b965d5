using System.Text.Json;
using ChatHub.Adapters.Telegram.Api;

namespace ChatHub.Adapters.Tests.Telegram;

public sealed class TelegramUpdateBatchTests
{
    private static JsonElement[] Elements(string json) => JsonSerializer.Deserialize<JsonElement[]>(json)!;

    [Fact]
    public void Decode_OneUndecodableUpdateAmongGoodOnes_TheOthersDecodedInOrderAndItsIdConfirmed()
    {
        var batch = TelegramUpdateBatch.Decode(Elements("""
            [
              {"update_id": 6, "message": {"message_id": 2, "date": 1, "chat": {"id": 1, "type": "private"}, "text": "b"}},
              {"update_id": 7, "message": "not an object"},
              {"update_id": 5, "message": {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}, "text": "a"}},
              [1, 2]
            ]
            """));

        Assert.Equal([5, 6], batch.Updates.Select(u => u.Id));
        Assert.Equal([7L, null], batch.Undecodable.Select(u => u.UpdateId));
        Assert.Contains("$.message", batch.Undecodable[0].Reason, StringComparison.Ordinal);
        Assert.Equal(8, batch.NextOffset);
    }

    [Fact]
    public void Decode_OldUpdateWithoutFieldsTheHubDoesNotRead_Decoded()
    {
        var batch = TelegramUpdateBatch.Decode(Elements("""
            [{"update_id": 9, "message": {"message_id": 3, "from": {"id": 5}, "chat": {"id": 5, "type": "private"}, "text": "hi",
              "sticker": {"unexpected": ["shape"]}}}]
            """));

        Assert.Empty(batch.Undecodable);
        Assert.Equal("hi", Assert.Single(batch.Updates).Message!.Text);
        Assert.False(batch.Updates[0].Message!.From!.IsBot);
    }

    [Fact]
    public void Decode_Empty_NoOffset() => Assert.Null(TelegramUpdateBatch.Decode([]).NextOffset);

    [Fact]
    public void Decode_OnlyGoodUpdates_OffsetAfterTheLast()
    {
        var batch = TelegramUpdateBatch.Decode(Elements("""[{"update_id": 41}, {"update_id": 40}]"""));
        Assert.Equal((0, 42L), (batch.Undecodable.Count, batch.NextOffset));
    }
}
