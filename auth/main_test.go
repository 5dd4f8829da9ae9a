package auth_test

import (
	"testing"

	"github.com/ketenhub/ketenhub/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
