using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Messages;

namespace ChatHub.StoreSpecs;

public abstract class HandoffStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(1);

    private HandoffTicket Ticket(string id, string person = "u_person") =>
        new(id, person, new ConversationRef("telegram", "bot", "42", "7"), Time.GetUtcNow());

    [Fact]
    public async Task TryStartAsync_ThenGet_FoundByIdAndByPerson()
    {
        var store = Context.CreateHandoffStore();
        var ticket = Ticket("ABCDE");

        Assert.True(await store.TryStartAsync(ticket, Expiry, None).DefaultTimeout());

        Assert.Equal(ticket, await store.GetAsync("ABCDE", None).DefaultTimeout());
        Assert.Equal(ticket, await store.GetByPersonAsync("u_person", None).DefaultTimeout());
        Assert.Null(await store.GetAsync("ZZZZZ", None).DefaultTimeout());
        Assert.Null(await store.GetByPersonAsync("u_other", None).DefaultTimeout());
    }

    [Fact]
    public async Task TryStartAsync_TakenIdOrPersonWithOne_False()
    {
        var store = Context.CreateHandoffStore();
        await store.TryStartAsync(Ticket("ABCDE"), Expiry, None).DefaultTimeout();

        Assert.False(await store.TryStartAsync(Ticket("ABCDE", "u_other"), Expiry, None).DefaultTimeout());
        Assert.False(await store.TryStartAsync(Ticket("FGHJK"), Expiry, None).DefaultTimeout());
        Assert.Null(await store.GetByPersonAsync("u_other", None).DefaultTimeout());
        Assert.Null(await store.GetAsync("FGHJK", None).DefaultTimeout());
    }

    [Fact]
    public async Task TryStartAsync_ManyAtOnceForOnePerson_ExactlyOneWins()
    {
        var store = Context.CreateHandoffStore();
        var wins = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 30), async (i, ct) =>
        {
            if (await store.TryStartAsync(Ticket($"ID{i:D3}"), Expiry, ct))
            {
                Interlocked.Increment(ref wins);
            }
        }).DefaultTimeout();

        Assert.Equal(1, wins);
    }

    [Fact]
    public async Task TryEndAsync_OnceThenNoLonger_AndThePersonMayStartAgain()
    {
        var store = Context.CreateHandoffStore();
        var ticket = Ticket("ABCDE");
        await store.TryStartAsync(ticket, Expiry, None).DefaultTimeout();

        Assert.True(await store.TryEndAsync(ticket, None).DefaultTimeout());
        Assert.False(await store.TryEndAsync(ticket, None).DefaultTimeout());
        Assert.Null(await store.GetAsync("ABCDE", None).DefaultTimeout());
        Assert.Null(await store.GetByPersonAsync("u_person", None).DefaultTimeout());
        Assert.True(await store.TryStartAsync(Ticket("FGHJK"), Expiry, None).DefaultTimeout());
    }

    [Fact]
    public async Task GetAsync_AfterExpiry_NullAndThePersonMayStartAgain()
    {
        var store = Context.CreateHandoffStore();
        await store.TryStartAsync(Ticket("ABCDE"), Expiry, None).DefaultTimeout();

        await AdvanceAsync(Expiry - TimeSpan.FromMinutes(1));
        Assert.NotNull(await store.GetByPersonAsync("u_person", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Null(await store.GetAsync("ABCDE", None).DefaultTimeout());
        Assert.Null(await store.GetByPersonAsync("u_person", None).DefaultTimeout());
        Assert.True(await store.TryStartAsync(Ticket("FGHJK"), Expiry, None).DefaultTimeout());
    }

    [Fact]
    public async Task ListAsync_OpenOnes_NotEndedNorExpired()
    {
        var store = Context.CreateHandoffStore();
        var ended = Ticket("ABCDE", "u_one") with { Summary = "Hand-off ABCDE: …", MessageId = "in_1" };
        var early = Ticket("FGHJK", "u_two");
        await store.TryStartAsync(ended, Expiry, None).DefaultTimeout();
        await store.TryStartAsync(early, Expiry, None).DefaultTimeout();
        Assert.Equal(["ABCDE", "FGHJK"], (await store.ListAsync(10, None).DefaultTimeout()).Select(t => t.Id).Order());
        Assert.Equal(ended, (await store.ListAsync(10, None).DefaultTimeout()).Single(t => t.Id == "ABCDE"));

        await store.TryEndAsync(ended, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(30));
        var late = Ticket("LMNPQ", "u_three");
        await store.TryStartAsync(late, Expiry, None).DefaultTimeout();
        Assert.Equal(["FGHJK", "LMNPQ"], (await store.ListAsync(10, None).DefaultTimeout()).Select(t => t.Id).Order());
        Assert.Single(await store.ListAsync(1, None).DefaultTimeout());

        await AdvanceAsync(TimeSpan.FromMinutes(31));
        Assert.Equal([late], await store.ListAsync(10, None).DefaultTimeout());
    }
}
