import XCTest
@testable import Agent

final class InFlightBudgetTests: XCTestCase {
    func testThePlatformDefaultKeepsSixteenForSessionMessages() {
        let budget = InFlightBudget(limit: 100, storeMaximum: 128)
        XCTAssertEqual(budget.total, 100)
        XCTAssertEqual(budget.buffered, 84)
    }

    func testSmallLimitsReserveAQuarterAndTinyOnesNothing() {
        XCTAssertEqual(InFlightBudget(limit: 8, storeMaximum: 128).buffered, 6)
        XCTAssertEqual(InFlightBudget(limit: 4, storeMaximum: 128).buffered, 3)
        XCTAssertEqual(InFlightBudget(limit: 3, storeMaximum: 128).buffered, 3)
        XCTAssertEqual(InFlightBudget(limit: 1, storeMaximum: 128).buffered, 1)
        XCTAssertEqual(InFlightBudget(limit: 0, storeMaximum: 128), InFlightBudget(limit: 1, storeMaximum: 128))
    }

    func testTheStoreCapsBufferedRecordsButNotTheTotal() {
        let budget = InFlightBudget(limit: 1000, storeMaximum: 128)
        XCTAssertEqual(budget.total, 1000)
        XCTAssertEqual(budget.buffered, 128)
    }

    func testBufferedNeverExceedsTheTotal() {
        for limit in 1...300 {
            let budget = InFlightBudget(limit: limit, storeMaximum: 128)
            XCTAssertLessThanOrEqual(budget.buffered, budget.total)
            XCTAssertGreaterThanOrEqual(budget.buffered, 1)
            // The reserve for session messages is at most 16 unless the store's cap leaves more room.
            if budget.buffered < 128 { XCTAssertLessThanOrEqual(budget.total - budget.buffered, InFlightBudget.maximumReserve) }
        }
    }
}
