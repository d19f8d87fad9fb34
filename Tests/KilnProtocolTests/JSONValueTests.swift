import Foundation
import KilnProtocol
import Testing

/// The one JSON value type of the package (issue 12).
@Suite struct JSONValueTests {
    @Test("true stays a boolean, 1 an integer, 1.5 a number; a boolean is never a number")
    func scalarsKeepTheirType() throws {
        let value = try JSONValue(parsing: #"{"flag": true, "one": 1, "half": 1.5, "none": null, "name": "x"}"#)
        #expect(value["flag"] == .bool(true) && value["flag"]?.doubleValue == nil && value["flag"]?.intValue == nil)
        #expect(value["one"] == .integer(1) && value["one"]?.doubleValue == 1 && value["one"]?.boolValue == nil)
        #expect(value["half"]?.doubleValue == 1.5 && value["half"]?.intValue == nil)
        #expect(value["none"] == .null && value["name"]?.stringValue == "x")
    }

    @Test("numberMembers refuses an object holding a boolean instead of reading it as 1")
    func numberMembers() throws {
        #expect(try JSONValue(parsing: #"{"E": 1.7, "A": 406}"#).numberMembers == ["E": 1.7, "A": 406])
        #expect(try JSONValue(parsing: #"{"E": 1.7, "A": true}"#).numberMembers == nil)
    }

    @Test("decoded objects are sorted by key and serialise compactly as they were read")
    func serialisation() throws {
        let text = #"{"b":[1,2.5,"s",true,null],"a":{"y":1,"x":[{"k":"v"}]}}"#
        #expect(
            try JSONValue(parsing: text).serialized(pretty: false)
                == #"{"a":{"x":[{"k":"v"}],"y":1},"b":[1,2.5,"s",true,null]}"#)
        #expect(JSONValue.string("a\"b\n").serialized() == #""a\"b\n""#)
    }
}
